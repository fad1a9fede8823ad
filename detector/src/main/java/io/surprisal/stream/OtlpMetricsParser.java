package io.surprisal.stream;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;

import java.util.List;

/**
 * {@code input.format: otlp}: OpenTelemetry metrics as the Collector's kafka exporter writes them with
 * {@code encoding: otlp_proto}, one serialized {@code ExportMetricsServiceRequest} per record.
 *
 * <p>Each gauge and sum data point ({@code NumberDataPoint}, double or int) is a point: its time is
 * {@code time_unix_nano} (truncated to ms), its value {@code as_double} or {@code as_int}, and its series
 * the id {@link OtlpSeriesId} builds from the metric name and attributes. Histograms, exponential
 * histograms and summaries have no single value to score: their data points are counted as skipped
 * ({@link ParseOutput#skip}), not dead-lettered. A record that is not the protobuf is one
 * {@code malformed-protobuf} dead letter; a data point that cannot be scored is a dead letter of its own
 * (a one-point request, see {@link DeadLetters#SOURCE_POINT}) and the others are scored, as one bad line
 * of a line format is.
 */
final class OtlpMetricsParser implements RecordParser {
    static final String SKIPPED_HISTOGRAM = "histogram";
    static final String SKIPPED_EXPONENTIAL_HISTOGRAM = "exponential-histogram";
    static final String SKIPPED_SUMMARY = "summary";

    /** {@code DataPointFlags.FLAG_NO_RECORDED_VALUE}: the point marks a gap (a stale series), it holds no value. */
    private static final int NO_RECORDED_VALUE = 1;

    private final PointChecks checks;
    private final OtlpSeriesId ids = new OtlpSeriesId();

    OtlpMetricsParser(PointChecks checks) {
        this.checks = checks;
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRecordException("malformed-protobuf", "record is not an OTLP ExportMetricsServiceRequest: "
                    + PointParser.abbreviate(PointParser.firstLine(String.valueOf(e.getMessage()))));
        }
        int number = 0;
        int histograms = 0;
        int exponential = 0;
        int summaries = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            ids.resource(rm.getResource().getAttributesList());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    List<NumberDataPoint> points = switch (m.getDataCase()) {
                        case GAUGE -> m.getGauge().getDataPointsList();
                        case SUM -> m.getSum().getDataPointsList();
                        case HISTOGRAM -> {
                            histograms += m.getHistogram().getDataPointsCount();
                            yield List.of();
                        }
                        case EXPONENTIAL_HISTOGRAM -> {
                            exponential += m.getExponentialHistogram().getDataPointsCount();
                            yield List.of();
                        }
                        case SUMMARY -> {
                            summaries += m.getSummary().getDataPointsCount();
                            yield List.of();
                        }
                        case DATA_NOT_SET -> List.of(); // a metric without data: nothing to score, nothing lost
                    };
                    for (NumberDataPoint dp : points) {
                        number++;
                        try {
                            out.add(point(m.getName(), dp));
                        } catch (BadRecordException e) {
                            out.rejectDataPoint(number, alone(rm, sm, m, dp), e);
                        }
                    }
                }
            }
        }
        out.skip(SKIPPED_HISTOGRAM, histograms);
        out.skip(SKIPPED_EXPONENTIAL_HISTOGRAM, exponential);
        out.skip(SKIPPED_SUMMARY, summaries);
        if (out.isEmpty()) {
            throw new BadRecordException("empty-record", "request holds no metric data points");
        }
    }

    private PointParser.ParsedPoint point(String name, NumberDataPoint dp) throws BadRecordException {
        String series = checks.series(ids.id(name, dp.getAttributesList()));
        long ts = timestamp(dp.getTimeUnixNano());
        return new PointParser.ParsedPoint(series, ts, value(dp));
    }

    private long timestamp(long nanos) throws BadRecordException {
        if (nanos == 0) {
            // proto3 cannot tell 0 from unset, and the spec says 0 means unset.
            throw new BadRecordException("missing-timestamp", "data point has no time_unix_nano");
        }
        if (nanos < 0) {
            // fixed64 is unsigned: past 2^63 ns (year 2262) it reads as negative here.
            throw new BadRecordException("timestamp-out-of-range", "time_unix_nano " + Long.toUnsignedString(nanos)
                    + " is beyond 2^63 ns");
        }
        return checks.timestamp(nanos / 1_000_000L);
    }

    private double value(NumberDataPoint dp) throws BadRecordException {
        if ((dp.getFlags() & NO_RECORDED_VALUE) != 0) {
            throw new BadRecordException("missing-value", "data point is flagged no_recorded_value");
        }
        return switch (dp.getValueCase()) {
            case AS_DOUBLE -> checks.value(dp.getAsDouble(), "as_double");
            case AS_INT -> checks.value(dp.getAsInt(), "as_int");
            case VALUE_NOT_SET -> throw new BadRecordException("missing-value", "data point has neither as_double nor as_int");
        };
    }

    /**
     * The dead letter of one data point: a request with only it, under its resource, scope and metric
     * (name, unit, temporality), so that it reads with the same tools as the record and can be sent again.
     */
    static byte[] alone(ResourceMetrics rm, ScopeMetrics sm, Metric m, NumberDataPoint dp) {
        Metric.Builder metric = m.toBuilder();
        if (m.hasGauge()) {
            metric.setGauge(Gauge.newBuilder(m.getGauge()).clearDataPoints().addDataPoints(dp));
        } else {
            metric.setSum(Sum.newBuilder(m.getSum()).clearDataPoints().addDataPoints(dp));
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(rm.toBuilder().clearScopeMetrics()
                        .addScopeMetrics(sm.toBuilder().clearMetrics().addMetrics(metric)))
                .build().toByteArray();
    }
}
