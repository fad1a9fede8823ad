package io.surprisal.stream;

import io.surprisal.time.Timestamps;
import io.surprisal.time.UnreadableTimestampException;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns one input record into points, or says exactly why it cannot. The checks every record gets
 * (not null, not empty, not oversized) are here; what the bytes mean is the job of one
 * {@link RecordParser} per {@code input.format}: {@link JsonRecordParser}, {@link InfluxLineParser}, {@link CsvLineParser},
 * {@link PrometheusJsonParser}, {@link OtlpMetricsParser}, {@link AvroRecordParser}, {@link ProtobufRecordParser}.
 */
public final class PointParser {
    public static final int MAX_SERIES_LENGTH = 256;

    /** The values {@code input.format} takes. */
    public static final List<String> FORMATS = List.of("json", "influx", "csv", "prometheus", "otlp", "avro", "protobuf");

    private final TopologySpec.Input input;
    private final RecordParser format;
    private final PointChecks checks;
    private final ParseOutput legacy = new ParseOutput();
    private boolean keyMatched = true;

    public PointParser(TopologySpec.Input input, LongSupplier clock) {
        this.input = input;
        this.checks = new PointChecks(input, clock);
        this.format = switch (input.format) {
            case "json" -> new JsonRecordParser(input, checks);
            case "influx" -> new InfluxLineParser(input, checks);
            case "csv" -> new CsvLineParser(input, checks);
            case "prometheus" -> new PrometheusJsonParser(input, checks);
            case "otlp" -> new OtlpMetricsParser(checks);
            // One schema cache per task: each task asks the registry once for each id it meets.
            case "avro" -> new AvroRecordParser(input, checks, new RegistrySchemas<>(input.registryUrl, clock, AvroRecordParser.SCHEMAS));
            case "protobuf" -> new ProtobufRecordParser(input, checks,
                    new RegistrySchemas<>(input.registryUrl, clock, ProtobufRecordParser.SCHEMAS));
            default -> throw new IllegalArgumentException(formatError(input.format));
        };
    }

    static String formatError(String format) {
        return "input.format must be one of " + String.join(", ", FORMATS) + ", was " + format;
    }

    /**
     * Fills {@code out} (cleared first) with the record's points and, for line formats, its unreadable
     * lines; throws when the record as a whole cannot be read.
     *
     * @param recordTs the Kafka record's timestamp, for points without one of their own
     */
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        out.clear();
        if (value == null) {
            throw new BadRecordException("null-value", "record value is null (a tombstone is not a point)");
        }
        if (value.length == 0) {
            throw new BadRecordException("empty-record", "record value is empty");
        }
        if (value.length > input.maxRecordBytes) {
            throw new BadRecordException("oversized-record", "record is " + value.length + " bytes, the limit is "
                    + input.maxRecordBytes);
        }
        format.parse(key, value, recordTs, out);
        if (out.isEmpty()) {
            // Only blank lines and comments: nothing to score, and nothing may vanish without a trace.
            throw new BadRecordException("empty-record", "record holds no data lines, only blank lines, comments or csv headers");
        }
        keyMatched = out.keyMatched();
    }

    /**
     * The record's points in {@code out} (cleared first), for callers that take a record whole: a bad
     * line fails the record with that line's reason. No Kafka timestamp: lines without a time of their
     * own are missing-timestamp.
     */
    public void parse(byte[] key, byte[] value, List<ParsedPoint> out) throws BadRecordException {
        out.clear();
        parse(key, value, -1, legacy);
        if (!legacy.badLines().isEmpty()) {
            ParseOutput.BadLine bad = legacy.badLines().get(0);
            throw new BadRecordException(bad.reason(), (bad.isDataPoint() ? "data point " : "line ") + bad.line() + ": " + bad.message());
        }
        out.addAll(legacy.points());
    }

    /**
     * After a successful {@link #parse}: false when, with keyIsSeries, the key was not the series (only
     * seen with {@code onKeyMismatch: repartition}; otherwise such a record is a key-mismatch).
     */
    public boolean keyMatched() {
        return keyMatched;
    }

    /** The Kafka record's timestamp as a point's, checked like any other. */
    static long recordTimestamp(long recordTs, PointChecks checks) throws BadRecordException {
        if (recordTs < 0) {
            throw new BadRecordException("missing-timestamp", "no timestamp in the data and none on the Kafka record");
        }
        return checks.timestamp(recordTs);
    }

    /**
     * Whether the record's key is its series id (always, without {@code keyIsSeries}). A key that is not
     * the series, where the spec does not repartition such records, is a dead letter: the partition
     * follows the key, so the series' points would reach another task than its state, and the two diverge.
     */
    static boolean keyMatches(byte[] key, String series, TopologySpec.Input input) throws BadRecordException {
        boolean matched = !input.keyIsSeries || keyIs(key, series);
        if (!matched && !"repartition".equals(input.onKeyMismatch)) {
            throw new BadRecordException(DeadLetters.KEY_MISMATCH, key == null
                    ? "record has no key; with keyIsSeries the key must be the series id '" + abbreviate(series) + "'"
                    : "record key is not the series id '" + abbreviate(series) + "' (keyIsSeries)");
        }
        return matched;
    }

    /** Whether {@code key} is the UTF-8 form of {@code id}; allocates nothing for an ASCII id. */
    static boolean keyIs(byte[] key, String id) {
        if (key == null) {
            return false;
        }
        int n = id.length();
        if (key.length == n) {
            int i = 0;
            while (i < n && id.charAt(i) < 0x80 && key[i] == (byte) id.charAt(i)) {
                i++;
            }
            if (i == n) {
                return true;
            }
            if (id.charAt(i) < 0x80) {
                return false;
            }
        }
        return key.length >= n && java.util.Arrays.equals(key, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@link Timestamps#isoMillis}, failing as a dead letter with the reason the detector reports. */
    public static long parseInstant(String text) throws BadRecordException {
        try {
            return Timestamps.isoMillis(text);
        } catch (UnreadableTimestampException e) {
            throw switch (e.kind()) {
                case MALFORMED -> new BadRecordException("bad-timestamp", "cannot read timestamp '" + abbreviate(text) + "'");
                case OUT_OF_RANGE -> new BadRecordException("timestamp-out-of-range", "timestamp '" + abbreviate(text)
                        + "' is beyond what epoch milliseconds can hold");
            };
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    static String firstLine(String s) {
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    /**
     * One point as parsed, before it is keyed and routed; {@code tags} are the values of {@code input.tags} in
     * their order (null for a field the record lacks), empty when the spec names none.
     */
    public record ParsedPoint(String series, long ts, double value, List<String> tags) {
        public ParsedPoint(String series, long ts, double value) {
            this(series, ts, value, List.of());
        }
    }
}
