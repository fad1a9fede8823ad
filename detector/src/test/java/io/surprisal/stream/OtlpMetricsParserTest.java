package io.surprisal.stream;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static io.surprisal.stream.OtlpRequests.attr;
import static io.surprisal.stream.OtlpRequests.gauge;
import static io.surprisal.stream.OtlpRequests.intPoint;
import static io.surprisal.stream.OtlpRequests.point;
import static io.surprisal.stream.OtlpRequests.request;
import static io.surprisal.stream.OtlpRequests.resource;
import static io.surprisal.stream.OtlpRequests.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OTLP metrics (ExportMetricsServiceRequest, encoding otlp_proto): one behaviour per test. */
class OtlpMetricsParserTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();

    static PointParser parser() throws Exception {
        return new PointParser(TopologySpec.parse("input:\n  format: otlp\n").input, () -> NOW);
    }

    static ParseOutput parse(byte[] record) throws Exception {
        ParseOutput out = new ParseOutput();
        parser().parse(null, record, -1, out);
        return out;
    }

    static String series(Metric metric) throws Exception {
        ParseOutput out = parse(request("a", metric));
        assertEquals(1, out.points().size(), out.badLines().toString());
        return out.points().get(0).series();
    }

    static ParseOutput.BadLine onlyBad(NumberDataPoint dp) throws Exception {
        ParseOutput out = parse(request("a", gauge("g", point(T, 1)), gauge("g", dp)));
        assertEquals(1, out.points().size());
        assertEquals(1, out.badLines().size());
        return out.badLines().get(0);
    }

    @Test
    void aGaugePointIsScoredUnderItsNameWithSortedAttributesAndTheHostName() throws Exception {
        ParseOutput out = parse(request("a", gauge("system.cpu.utilization",
                point(T, 0.93, attr("state", "idle"), attr("cpu", "cpu0")))));
        assertEquals(List.of(new PointParser.ParsedPoint("system.cpu.utilization{cpu=\"cpu0\",host.name=\"a\",state=\"idle\"}", T, 0.93)),
                out.points());
    }

    @Test
    void aSumPointWithAnIntValueIsScored() throws Exception {
        ParseOutput out = parse(request("a", sum("system.network.io", intPoint(T, 1234, attr("direction", "receive")))));
        assertEquals(new PointParser.ParsedPoint("system.network.io{direction=\"receive\",host.name=\"a\"}", T, 1234.0),
                out.points().get(0));
    }

    @Test
    void theServiceNameIsTakenFromTheResourceAndOtherResourceAttributesAreNot() throws Exception {
        Resource r = Resource.newBuilder().addAttributes(attr("service.name", "checkout"))
                .addAttributes(attr("service.instance.id", "7f3a")).build();
        ParseOutput out = parse(request(resource(r, gauge("queue.depth", point(T, 3)))));
        assertEquals("queue.depth{service.name=\"checkout\"}", out.points().get(0).series());
    }

    @Test
    void aPointAttributeWinsOverAResourceAttributeOfTheSameKey() throws Exception {
        assertEquals("m{host.name=\"b\"}", series(gauge("m", point(T, 1, attr("host.name", "b")))));
    }

    @Test
    void withoutAttributesTheSeriesIsTheBareName() throws Exception {
        ParseOutput out = parse(request(resource(Resource.getDefaultInstance(), gauge("up", point(T, 1)))));
        assertEquals("up", out.points().get(0).series());
    }

    @Test
    void scalarAttributeValuesAreWrittenAsTextAndOthersAreLeftOut() throws Exception {
        assertEquals("m{b=\"true\",d=\"0.5\",host.name=\"a\",i=\"7\"}", series(gauge("m", point(T, 1,
                attr("i", AnyValue.newBuilder().setIntValue(7).build()),
                attr("b", AnyValue.newBuilder().setBoolValue(true).build()),
                attr("d", AnyValue.newBuilder().setDoubleValue(0.5).build()),
                attr("list", AnyValue.newBuilder().setArrayValue(ArrayValue.getDefaultInstance()).build())))));
    }

    @Test
    void attributeValuesAreEscapedAsPrometheusPrintsThem() throws Exception {
        assertEquals("m{host.name=\"a\",path=\"C:\\\\x \\\"y\\\"\\n\"}", series(gauge("m", point(T, 1, attr("path", "C:\\x \"y\"\n")))));
    }

    @Test
    void theTimestampIsTimeUnixNanoTruncatedToMilliseconds() throws Exception {
        NumberDataPoint dp = NumberDataPoint.newBuilder().setTimeUnixNano(T * 1_000_000L + 999_999).setAsDouble(1).build();
        assertEquals(T, parse(request("a", gauge("m", dp))).points().get(0).ts());
    }

    @Test
    void pointsOfSeveralResourcesAndMetricsKeepTheirOrder() throws Exception {
        ParseOutput out = parse(request(resource(OtlpRequests.host("a"), gauge("x", point(T, 1)), sum("y", point(T, 2))),
                resource(OtlpRequests.host("b"), gauge("x", point(T, 3)))));
        assertEquals(List.of("x{host.name=\"a\"}", "y{host.name=\"a\"}", "x{host.name=\"b\"}"),
                out.points().stream().map(PointParser.ParsedPoint::series).toList());
    }

    @Test
    void histogramsAndSummariesAreSkippedAndCountedNotDeadLettered() throws Exception {
        ParseOutput out = parse(request("a", OtlpRequests.histogram("http.server.duration", T),
                OtlpRequests.summary("rpc.latency", T), gauge("m", point(T, 1))));
        assertEquals(1, out.points().size());
        assertEquals(List.of(), out.badLines());
        assertEquals(List.of(new ParseOutput.Skipped("histogram", 1), new ParseOutput.Skipped("summary", 1)), out.skipped());
    }

    @Test
    void aRecordOfOnlyHistogramsIsSkippedNotDeadLettered() throws Exception {
        ParseOutput out = parse(request("a", OtlpRequests.histogram("http.server.duration", T)));
        assertEquals(List.of(), out.points());
        assertEquals(List.of(new ParseOutput.Skipped("histogram", 1)), out.skipped());
    }

    @Test
    void bytesThatAreNotTheProtobufAreMalformedProtobuf() {
        BadRecordException e = assertThrows(BadRecordException.class,
                () -> parse("{\"not\":\"protobuf\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed-protobuf", e.reason());
    }

    @Test
    void aRequestCutShortIsMalformedProtobuf() {
        byte[] whole = request("a", gauge("system.cpu.utilization", point(T, 0.5, attr("cpu", "cpu0"))));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertEquals("malformed-protobuf", assertThrows(BadRecordException.class, () -> parse(cut)).reason());
    }

    @Test
    void aRequestWithoutDataPointsIsAnEmptyRecord() {
        byte[] noPoints = request(resource(OtlpRequests.host("a"), Metric.newBuilder().setName("m").build()));
        assertEquals("empty-record", assertThrows(BadRecordException.class, () -> parse(noPoints)).reason());
    }

    @Test
    void aPointWithoutValueIsDeadLetteredAloneAndTheOthersAreScored() throws Exception {
        ParseOutput.BadLine bad = onlyBad(NumberDataPoint.newBuilder().setTimeUnixNano(T * 1_000_000L).build());
        assertEquals("missing-value", bad.reason());
        assertEquals(2, bad.line(), "the data point's number in the record");
    }

    @Test
    void aPointFlaggedNoRecordedValueIsMissingValue() throws Exception {
        assertEquals("missing-value", onlyBad(point(T, 1).toBuilder().setFlags(1).build()).reason());
    }

    @Test
    void aNonFiniteValueIsNonFiniteValue() throws Exception {
        assertEquals("non-finite-value", onlyBad(point(T, Double.NaN)).reason());
    }

    @Test
    void aValueBeyondTheLimitIsValueOutOfRange() throws Exception {
        assertEquals("value-out-of-range", onlyBad(point(T, 1e300)).reason());
    }

    @Test
    void aZeroTimeIsMissingTimestamp() throws Exception {
        assertEquals("missing-timestamp", onlyBad(point(T, 1).toBuilder().setTimeUnixNano(0).build()).reason());
    }

    @Test
    void aTimeBeyondTwoToTheSixtyThreeNanosecondsIsOutOfRange() throws Exception {
        assertEquals("timestamp-out-of-range", onlyBad(point(T, 1).toBuilder().setTimeUnixNano(-1).build()).reason());
    }

    @Test
    void aTimeBeforeMinTimestampIsOutOfRange() throws Exception {
        assertEquals("timestamp-out-of-range", onlyBad(point(946_684_799_000L, 1)).reason());
    }

    @Test
    void aMetricWithoutNameIsMissingSeries() throws Exception {
        ParseOutput out = parse(request("a", gauge("", point(T, 1))));
        assertEquals("missing-series", out.badLines().get(0).reason());
    }

    @Test
    void aSeriesIdLongerThanTheLimitIsBadSeries() throws Exception {
        ParseOutput out = parse(request("a", gauge("m", point(T, 1, attr("k", "v".repeat(300))))));
        assertEquals("bad-series", out.badLines().get(0).reason());
    }

    @Test
    void aBadPointsDeadLetterIsARequestOfThatPointAloneUnderItsResourceAndMetric() throws Exception {
        NumberDataPoint bad = point(T, Double.POSITIVE_INFINITY, attr("cpu", "cpu1"));
        ParseOutput out = parse(request("a", sum("s", point(T, 1, attr("cpu", "cpu0")), bad)));
        ExportMetricsServiceRequest letter = ExportMetricsServiceRequest.parseFrom(out.badLines().get(0).bytes());
        var rm = letter.getResourceMetrics(0);
        assertEquals(OtlpRequests.host("a"), rm.getResource());
        Metric m = rm.getScopeMetrics(0).getMetrics(0);
        assertEquals("s", m.getName());
        assertTrue(m.getSum().getIsMonotonic());
        assertEquals(List.of(bad), m.getSum().getDataPointsList());
    }

    @Test
    void keyIsSeriesIsRefusedForOtlp() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TopologySpec.parse("input:\n  format: otlp\n  keyIsSeries: true\n"));
        assertTrue(e.getMessage().startsWith("input.keyIsSeries must be false for input.format otlp"), e.getMessage());
    }

    @Test
    void timestampUnitIsRefusedForOtlp() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TopologySpec.parse("input:\n  format: otlp\n  timestampUnit: ms\n"));
        assertEquals("input.timestampUnit does not apply to input.format otlp: time_unix_nano is always nanoseconds", e.getMessage());
    }
}
