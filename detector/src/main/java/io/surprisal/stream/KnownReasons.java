package io.surprisal.stream;

import io.surprisal.score.Outcome;

import java.util.List;

/**
 * The closed sets of values the detector's {@code reason} (and {@code kind}) metric tags take, so that the
 * metrics can register every series at 0 before the first record: an alert rule such as
 * {@code increase(surprisal_records_deadlettered_total{reason="late"}[10m]) > 0} then sees a series from the
 * start, and its first increment is an increase rather than the birth of a series, which {@code increase()} does
 * not count. A reason missing from a list still counts (its counter appears on first use); the fuzz tests check
 * that every dead letter they provoke names one of {@link #DEAD_LETTERS}.
 */
public final class KnownReasons {

    /** {@link DeadLetters#REASON} values, parse stage, detect stage and the failure handlers. */
    public static final List<String> DEAD_LETTERS = List.of(
            // every format
            "null-value", "empty-record", "oversized-record", "missing-series", "bad-series", "missing-timestamp",
            "bad-timestamp", "timestamp-out-of-range", "missing-value", "bad-value", "non-finite-value",
            Outcome.VALUE_OUT_OF_RANGE.reason(), DeadLetters.KEY_MISMATCH,
            // json, prometheus, avro
            "malformed-json", "invalid-utf8", "not-an-object", InfluxLineParser.MALFORMED_LINE, "malformed-protobuf",
            AvroRecordParser.MALFORMED, RegistrySchemas.UNAVAILABLE, RegistrySchemas.UNKNOWN,
            // detect stage
            Outcome.LATE.reason(), Outcome.DUPLICATE.reason(), "series-limit", // and VALUE_OUT_OF_RANGE, above
            // failure handlers
            DeadLetters.INTERNAL_ERROR, DeadLetters.RECORD_TOO_LARGE, DeadLetters.TIMESTAMP_REFUSED,
            DeadLetters.UNREADABLE_RECORD);

    /** Kinds of otlp data points read and not scored by design. */
    public static final List<String> SKIPPED_POINTS = List.of(OtlpMetricsParser.SKIPPED_HISTOGRAM,
            OtlpMetricsParser.SKIPPED_EXPONENTIAL_HISTOGRAM, OtlpMetricsParser.SKIPPED_SUMMARY);

    /** Why a model record was refused (InvalidModelException's reasons and ModelStoreUpdater's own). */
    public static final List<String> MODEL_REJECTIONS = List.of("malformed", "format", "size", "checksum", "non-finite",
            "name-mismatch", "signature", "stale-version", DeadLetters.INTERNAL_ERROR);

    /** Why a record of the controls topic was refused. */
    public static final List<String> CONTROL_REJECTIONS = List.of("malformed", DeadLetters.INTERNAL_ERROR);

    private KnownReasons() {
    }
}
