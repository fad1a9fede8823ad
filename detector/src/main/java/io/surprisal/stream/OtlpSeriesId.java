package io.surprisal.stream;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.Arrays;
import java.util.List;

/**
 * The series id of an otlp data point, written as PromQL prints a sample so that it reads like the
 * prometheus format's: the metric name, then in braces the data point's attributes and the resource's
 * {@link #RESOURCE_KEYS}, sorted by key, values quoted and escaped as in the text exposition format:
 * {@code system.cpu.utilization{cpu="cpu0",host.name="a",state="idle"}} (just the name without any).
 *
 * <p>Only those two resource attributes are taken: the others (process ids, SDK versions, cloud
 * metadata) change on every restart or say nothing about which series this is, and a series whose
 * id changes on a restart starts learning from nothing. A data point attribute wins over a resource
 * attribute of the same key, and the first of a key given twice wins (the spec forbids repeats).
 * Values are text, {@code true}/{@code false}, integers in decimal and doubles as Java prints them;
 * an array, key-value list, bytes or empty value is left out of the id (it has no one-line text form
 * that stays stable). One instance per parser, reused for every data point.
 */
final class OtlpSeriesId {
    /** The resource attributes a series id includes, when the resource has them. */
    static final List<String> RESOURCE_KEYS = List.of("service.name", "host.name");

    private final String[] resourceValues = new String[RESOURCE_KEYS.size()];
    private String[] keys = new String[8];
    private String[] values = new String[8];
    private int n;
    private final StringBuilder id = new StringBuilder(128);

    /** The resource whose data points follow. */
    void resource(List<KeyValue> attributes) {
        Arrays.fill(resourceValues, null);
        for (KeyValue kv : attributes) {
            int i = RESOURCE_KEYS.indexOf(kv.getKey());
            if (i >= 0 && resourceValues[i] == null) {
                resourceValues[i] = text(kv.getValue());
            }
        }
    }

    /** The id of a data point of metric {@code name} with {@code attributes}, under the last {@link #resource}. */
    String id(String name, List<KeyValue> attributes) throws BadRecordException {
        if (name.isEmpty()) {
            throw new BadRecordException("missing-series", "metric has no name");
        }
        try {
            n = 0;
            long shortest = name.length();
            for (KeyValue kv : attributes) {
                shortest += add(kv.getKey(), text(kv.getValue()));
            }
            for (int i = 0; i < resourceValues.length; i++) {
                shortest += add(RESOURCE_KEYS.get(i), resourceValues[i]);
            }
            // Escaping only lengthens an id: past the limit already, it is bad-series without building it.
            if (shortest > PointParser.MAX_SERIES_LENGTH) {
                throw PointChecks.badSeries();
            }
            PromSeriesIds.write(id, name, keys, values, n);
            return id.toString();
        } finally {
            Arrays.fill(keys, 0, n, null); // no record's strings outlive it
            Arrays.fill(values, 0, n, null);
        }
    }

    /** Adds a label unless its value has no text or its key is taken; returns the length it adds at least. */
    private int add(String key, String value) {
        if (value == null) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            if (keys[i].equals(key)) {
                return 0;
            }
        }
        if (n == keys.length) {
            keys = Arrays.copyOf(keys, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        keys[n] = key;
        values[n] = value;
        n++;
        return key.length() + value.length() + 4;
    }

    /** The attribute value's text, or null for one without a stable one-line form. */
    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> null;
        };
    }
}
