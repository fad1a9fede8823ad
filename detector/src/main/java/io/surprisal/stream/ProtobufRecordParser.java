package io.surprisal.stream;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code input.format: protobuf}: one protobuf message per Kafka record in the Confluent wire format
 * ({@link ConfluentWire}, then {@link MessageIndexes}), its {@code .proto} schema fetched by id from
 * {@code input.registryUrl} and read by {@link ProtoDescriptors}; decoded with DynamicMessage. Fields are
 * read with the json format's dotted paths and rules (series text or an enum; a value that is any numeric
 * type, numeric text or a {@code google.protobuf.*Value} wrapper; a timestamp that is ISO-8601 text, a
 * numeric epoch in {@code input.timestampUnit} or a {@code google.protobuf.Timestamp}); {@code input.measurements}
 * and {@code input.tags} as in json. A proto3 field without presence that the record omits reads as its
 * default (0, ""), as protobuf defines; an empty series is missing.
 */
final class ProtobufRecordParser implements RecordParser {
    static final String MALFORMED = "malformed-protobuf";
    /** .proto schemas from a registry, as descriptors. */
    static final RegistrySchemas.Kind<FileDescriptor> SCHEMAS = new RegistrySchemas.Kind<>("PROTOBUF", ProtoDescriptors::read);
    private static final String TIMESTAMP = "google.protobuf.Timestamp";

    private final FieldPaths paths;
    private final TopologySpec.Input input;
    private final PointChecks checks;
    private final SchemaSource<FileDescriptor> schemas;
    private final MessageIndexes indexes = new MessageIndexes();

    /**
     * The message type last decoded, with its fields resolved once: most topics carry one schema and one
     * message type, so a record of it costs no lookup by name. A path that names no field is null.
     */
    private int typeId = -1;
    private FileDescriptor typeFile;
    private int[] typePath = new int[0];
    private Descriptor type;
    private DynamicMessage.Builder builder;
    private FieldDescriptor[] seriesFields;
    private FieldDescriptor[] tsFields;
    private FieldDescriptor[] valueFields;
    private FieldDescriptor[][] measurementFields;
    private FieldDescriptor[][] tagFields;

    ProtobufRecordParser(TopologySpec.Input input, PointChecks checks, SchemaSource<FileDescriptor> schemas) {
        this.input = input;
        this.checks = checks;
        this.schemas = schemas;
        this.paths = FieldPaths.of(input);
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        MessageOrBuilder root = decode(value);
        String series = series(root, key);
        boolean keyMatched = PointParser.keyMatches(key, series, input);
        out.keyMatched(keyMatched);
        long ts = paths.kafkaTime() ? PointParser.recordTimestamp(recordTs, checks) : timestamp(root);
        List<String> tags = tags(root);
        if (input.measurements.isEmpty()) {
            out.add(new PointParser.ParsedPoint(series, ts, value(root, valueFields, input.value), tags));
            return;
        }
        for (int i = 0; i < measurementFields.length; i++) {
            FieldDescriptor[] path = measurementFields[i];
            if (path == null || at(root, path) == null) {
                continue; // a device may report a subset of its measurements
            }
            String field = input.measurements.get(i);
            out.add(new PointParser.ParsedPoint(series + "/" + field, ts, value(root, path, field), tags));
        }
        if (out.points().isEmpty()) {
            throw new BadRecordException("missing-value", "none of the measurement fields " + input.measurements + " is present");
        }
    }

    /** The record's message, decoded with the type its schema id and message indexes name. */
    MessageOrBuilder decode(byte[] value) throws BadRecordException {
        int id = ConfluentWire.schemaId(value, MALFORMED);
        indexes.read(value);
        FileDescriptor file = schemas.schema(id);
        if (id != typeId || file != typeFile || !indexes.sameAs(typePath, typePath.length)) {
            select(id, file);
        }
        int offset = indexes.bodyOffset();
        CodedInputStream in = CodedInputStream.newInstance(value, offset, value.length - offset);
        builder.clear();
        try {
            // A byte-array input checks every claimed length against the bytes left before it allocates, and
            // nesting is capped by the stream's recursion limit: a hostile record costs no more than its size.
            builder.mergeFrom(in, ExtensionRegistryLite.getEmptyRegistry());
        } catch (java.io.IOException | RuntimeException e) {
            throw new BadRecordException(MALFORMED, "body does not decode as " + type.getFullName() + " of schema "
                    + Integer.toUnsignedString(id) + ": " + PointParser.firstLine(String.valueOf(e.getMessage())));
        }
        // Fields are read from the builder itself: building a message would copy every field once more. A
        // proto2 required field the record lacks is simply unset, a missing field with its json reason.
        return builder;
    }

    /** Resolves the message type that {@link #indexes} name in {@code file}, and the spec's paths within it. */
    private void select(int id, FileDescriptor file) throws BadRecordException {
        List<Descriptor> types = file.getMessageTypes();
        Descriptor t = null;
        for (int i = 0; i < indexes.depth(); i++) {
            int index = indexes.get(i);
            if (index >= types.size()) {
                throw new BadRecordException(MALFORMED, "message index " + index + " is beyond the " + types.size()
                        + " message types " + (t == null ? "of schema " + Integer.toUnsignedString(id) : "in " + t.getFullName()));
            }
            t = types.get(index);
            types = t.getNestedTypes();
        }
        Descriptor chosen = t;
        type = chosen;
        builder = DynamicMessage.newBuilder(chosen);
        seriesFields = resolve(chosen, paths.series());
        tsFields = paths.kafkaTime() ? null : resolve(chosen, paths.timestamp());
        valueFields = resolve(chosen, paths.value());
        measurementFields = input.measurements.stream().map(m -> resolve(chosen, new String[] {m})).toArray(FieldDescriptor[][]::new);
        tagFields = Arrays.stream(paths.tags()).map(p -> resolve(chosen, p)).toArray(FieldDescriptor[][]::new);
        typeId = id;
        typeFile = file;
        typePath = indexes.copy();
    }

    /**
     * The fields along a dotted path through singular message fields, ending at a
     * {@code google.protobuf.*Value} wrapper's own {@code value}; null when the path names no field.
     */
    private static FieldDescriptor[] resolve(Descriptor root, String[] path) {
        FieldDescriptor[] fields = new FieldDescriptor[path.length];
        Descriptor d = root;
        for (int i = 0; i < path.length; i++) {
            if (d == null) {
                return null;
            }
            FieldDescriptor f = d.findFieldByName(path[i]);
            if (f == null) {
                return null;
            }
            fields[i] = f;
            d = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated() ? f.getMessageType() : null;
        }
        if (d != null && isWrapper(d)) {
            fields = Arrays.copyOf(fields, path.length + 1);
            fields[path.length] = d.findFieldByName("value");
        }
        return fields;
    }

    private static boolean isWrapper(Descriptor d) {
        String name = d.getFullName();
        return name.startsWith("google.protobuf.") && name.endsWith("Value") && d.getFields().size() == 1
                && d.findFieldByName("value") != null;
    }

    /**
     * The value at {@code path}, or null where a message along it, or a field with presence at its end, is
     * not set. A repeated field's value is its List.
     */
    private static Object at(MessageOrBuilder root, FieldDescriptor[] path) {
        if (path == null) {
            return null;
        }
        MessageOrBuilder m = root;
        int last = path.length - 1;
        for (int i = 0; i < last; i++) {
            if (!m.hasField(path[i])) {
                return null;
            }
            m = (MessageOrBuilder) m.getField(path[i]);
        }
        FieldDescriptor f = path[last];
        if (f.hasPresence() && !m.hasField(f)) {
            return null;
        }
        return m.getField(f);
    }

    private String series(MessageOrBuilder root, byte[] key) throws BadRecordException {
        Object v = at(root, seriesFields);
        String id;
        if (v == null || "".equals(v)) {
            if (input.keyIsSeries && key != null && key.length > 0) {
                id = new String(key, StandardCharsets.UTF_8);
            } else {
                throw new BadRecordException("missing-series", "field '" + input.series + "' is missing");
            }
        } else if (v instanceof String text && !last(seriesFields).isRepeated()) {
            id = text;
        } else if (v instanceof EnumValueDescriptor e) {
            id = e.getName();
        } else {
            throw new BadRecordException("bad-series", "field '" + input.series + "' must be a string or an enum, was "
                    + typeName(last(seriesFields)));
        }
        return checks.series(id);
    }

    private long timestamp(MessageOrBuilder root) throws BadRecordException {
        Object v = at(root, tsFields);
        if (v == null) {
            throw new BadRecordException("missing-timestamp", "field '" + input.timestamp + "' is missing");
        }
        FieldDescriptor f = last(tsFields);
        long ts;
        if (f.isRepeated()) {
            throw badTimestamp(f);
        } else if (v instanceof MessageOrBuilder m && TIMESTAMP.equals(f.getMessageType().getFullName())) {
            ts = timestampMillis(m);
        } else if (v instanceof String text) {
            ts = IsoInstant.millis(text);
        } else if (v instanceof Integer || v instanceof Long) {
            long epoch = integral(f, (Number) v);
            if (epoch < 0 && isUnsigned64(f)) {
                throw new BadRecordException("timestamp-out-of-range", "field '" + input.timestamp + "' is "
                        + Long.toUnsignedString(epoch) + ", beyond what epoch milliseconds can hold");
            }
            ts = paths.unit().toMillis(epoch);
        } else {
            throw badTimestamp(f);
        }
        return checks.timestamp(ts);
    }

    private BadRecordException badTimestamp(FieldDescriptor f) {
        return new BadRecordException("bad-timestamp", "field '" + input.timestamp
                + "' must be ISO-8601 text, an integer epoch or a google.protobuf.Timestamp, was " + typeName(f));
    }

    /** A google.protobuf.Timestamp in epoch milliseconds, rounded toward the past like finer epoch units. */
    private long timestampMillis(MessageOrBuilder m) throws BadRecordException {
        Descriptor d = m.getDescriptorForType();
        long seconds = (Long) m.getField(d.findFieldByNumber(1));
        int nanos = (Integer) m.getField(d.findFieldByNumber(2));
        try {
            return Math.addExact(Math.multiplyExact(seconds, 1000L), Math.floorDiv(nanos, 1_000_000));
        } catch (ArithmeticException e) {
            throw new BadRecordException("timestamp-out-of-range", "field '" + input.timestamp + "' is " + seconds
                    + " s, beyond what epoch milliseconds can hold");
        }
    }

    private double value(MessageOrBuilder root, FieldDescriptor[] path, String field) throws BadRecordException {
        Object v = at(root, path);
        if (v == null) {
            throw new BadRecordException("missing-value", "field '" + field + "' is missing");
        }
        FieldDescriptor f = last(path);
        double d;
        if (f.isRepeated()) {
            throw badValue(field, f);
        } else if (v instanceof Double || v instanceof Float) {
            d = ((Number) v).doubleValue();
        } else if (v instanceof Integer || v instanceof Long) {
            long n = integral(f, (Number) v);
            // An unsigned 64-bit value above Long.MAX_VALUE is negative as a long: halve, convert, double.
            d = n < 0 && isUnsigned64(f) ? ((n >>> 1) | (n & 1)) * 2.0 : n;
        } else if (v instanceof String text) {
            try {
                d = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new BadRecordException("bad-value", "field '" + field + "' is text that is not a number: '"
                        + PointParser.abbreviate(text) + "'");
            }
        } else {
            throw badValue(field, f);
        }
        return checks.value(d, field);
    }

    private static BadRecordException badValue(String field, FieldDescriptor f) {
        return new BadRecordException("bad-value", "field '" + field + "' must be a number, was " + typeName(f));
    }

    /**
     * The values of {@code input.tags}, shared by the record's points: text as it is, numbers, booleans and enums as
     * their text, anything else (unset, a message, bytes, a repeated field) null; never a reason to refuse the record.
     */
    private List<String> tags(MessageOrBuilder root) {
        if (tagFields.length == 0) {
            return List.of();
        }
        String[] values = new String[tagFields.length];
        for (int i = 0; i < tagFields.length; i++) {
            Object v = at(root, tagFields[i]);
            if (v == null || last(tagFields[i]).isRepeated()) {
                continue;
            }
            FieldDescriptor f = last(tagFields[i]);
            String text = switch (f.getJavaType()) {
                case STRING -> (String) v;
                case INT, LONG -> isUnsigned(f) ? unsignedText(f, (Number) v) : v.toString();
                case FLOAT, DOUBLE, BOOLEAN -> v.toString();
                case ENUM -> ((EnumValueDescriptor) v).getName();
                default -> null;
            };
            if (text != null) {
                values[i] = text.length() > TopologySpec.Input.MAX_TAG_CHARS ? text.substring(0, TopologySpec.Input.MAX_TAG_CHARS) : text;
            }
        }
        return java.util.Collections.unmodifiableList(Arrays.asList(values));
    }

    /** An integer field's value as a long: unsigned 32-bit types widen without sign. */
    private static long integral(FieldDescriptor f, Number v) {
        return v instanceof Integer i && isUnsigned(f) ? Integer.toUnsignedLong(i) : v.longValue();
    }

    private static boolean isUnsigned(FieldDescriptor f) {
        FieldDescriptor.Type t = f.getType();
        return t == FieldDescriptor.Type.UINT32 || t == FieldDescriptor.Type.FIXED32 || isUnsigned64(f);
    }

    private static boolean isUnsigned64(FieldDescriptor f) {
        return f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
    }

    private static String unsignedText(FieldDescriptor f, Number v) {
        return isUnsigned64(f) ? Long.toUnsignedString(v.longValue()) : Integer.toUnsignedString(v.intValue());
    }

    private static FieldDescriptor last(FieldDescriptor[] path) {
        return path[path.length - 1];
    }

    private static String typeName(FieldDescriptor f) {
        String t = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? f.getMessageType().getFullName()
                : f.getType().name().toLowerCase(java.util.Locale.ROOT);
        return f.isRepeated() ? "repeated " + t : t;
    }
}
