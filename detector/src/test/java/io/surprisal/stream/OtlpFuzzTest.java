package io.surprisal.stream;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.apache.kafka.streams.test.TestRecord;

import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The otlp format fuzzed through the whole topology: whatever bytes arrive, a record ends as scores
 * and dead letters with reasons of their own (never an internal error): one dead letter for a record
 * that does not parse, otherwise exactly one outcome per gauge or sum data point, and nothing for a
 * record of only skipped kinds (histograms, summaries).
 */
class OtlpFuzzTest {
    private static final long NOW = FuzzTopology.NOW;

    private FuzzTopology fuzz;
    private RecordFailuresTest.Topics topics;

    @BeforeProperty
    void start() throws Exception {
        fuzz = new FuzzTopology("otlp", "{format: otlp}");
        topics = fuzz.topics;
    }

    @AfterProperty
    void stop() throws Exception {
        fuzz.close();
    }

    /** Pipes {@code value}; returns how many scores and dead letters it became, none of them an internal error. */
    private int outcomes(byte[] value) {
        topics.in().pipeInput(null, value);
        List<TestRecord<String, byte[]>> scores = topics.scores().readRecordsToList();
        List<TestRecord<byte[], byte[]>> dead = topics.dead().readRecordsToList();
        String shown = value == null ? "null" : HexFormat.of().formatHex(value);
        for (var d : dead) {
            FuzzTopology.assertNoInternalError(d, shown);
        }
        return scores.size() + dead.size();
    }

    @Property(tries = 400)
    void arbitraryBytesEndAsScoresOrDeadLettersNeverAnInternalError(@ForAll byte[] value) {
        assertTrue(outcomes(value) >= 0);
    }

    @Property(tries = 300)
    void arbitraryRequestsEndAsOneOutcomePerDataPoint(@ForAll("requests") byte[] value) {
        int points = 0;
        int skipped = 0;
        try {
            var request = io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.parseFrom(value);
            for (var rm : request.getResourceMetricsList()) {
                for (var sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        points += m.getGauge().getDataPointsCount() + m.getSum().getDataPointsCount();
                        skipped += m.getHistogram().getDataPointsCount() + m.getSummary().getDataPointsCount();
                    }
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
        // Each gauge or sum data point is a score or a dead letter (parse or detect stage); skipped kinds are
        // neither; a request with no data point at all is one empty-record.
        assertEquals(points > 0 ? points : skipped > 0 ? 0 : 1, outcomes(value));
    }

    @Property(tries = 400)
    void mutatedValidRequestsEndAsScoresOrDeadLettersNeverAnInternalError(@ForAll("mutated") byte[] value) {
        assertTrue(outcomes(value) >= 0);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return ByteMutations.of(requests());
    }

    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<Long> ts = Arbitraries.oneOf(
                Arbitraries.longs().between(NOW - 86_400_000L * 365, NOW).map(ms -> ms * 1_000_000L),
                Arbitraries.longs(),
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.MAX_VALUE, 1e15, 1e16, -0.0));
        Arbitrary<KeyValue> attr = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20), Arbitraries.of("host.name", "service.name", "cpu")),
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60).map(s -> AnyValue.newBuilder().setStringValue(s).build()),
                        Arbitraries.longs().map(l -> AnyValue.newBuilder().setIntValue(l).build()),
                        Arbitraries.doubles().map(d -> AnyValue.newBuilder().setDoubleValue(d).build()),
                        Arbitraries.just(AnyValue.getDefaultInstance())))
                .as((k, v) -> KeyValue.newBuilder().setKey(k).setValue(v).build());
        Arbitrary<NumberDataPoint> point = Combinators.combine(ts, value, Arbitraries.integers().between(0, 3),
                attr.list().ofMaxSize(5), Arbitraries.integers().between(0, 3))
                .as((t, v, kind, attrs, flags) -> {
                    NumberDataPoint.Builder dp = NumberDataPoint.newBuilder().setTimeUnixNano(t).addAllAttributes(attrs).setFlags(flags);
                    switch (kind) {
                        case 0, 1 -> dp.setAsDouble(v);
                        case 2 -> dp.setAsInt((long) (double) v);
                        default -> { } // no value
                    }
                    return dp.build();
                });
        Arbitrary<Metric> metric = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.of("system.cpu.utilization", "")),
                point.list().ofMaxSize(4), Arbitraries.integers().between(0, 3))
                .as((name, points, kind) -> switch (kind) {
                    case 0 -> OtlpRequests.gauge(name, points.toArray(NumberDataPoint[]::new));
                    case 1 -> OtlpRequests.sum(name, points.toArray(NumberDataPoint[]::new));
                    case 2 -> OtlpRequests.histogram(name, NOW);
                    default -> OtlpRequests.summary(name, NOW);
                });
        return Combinators.combine(Arbitraries.of("a", "b", "x".repeat(300)), metric.list().ofMinSize(1).ofMaxSize(4))
                .as((host, metrics) -> OtlpRequests.request(host, metrics.toArray(Metric[]::new)));
    }
}
