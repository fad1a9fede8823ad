package io.surprisal;

import io.surprisal.stream.BadRecordException;
import io.surprisal.stream.ParseOutput;
import io.surprisal.stream.PointParser;
import io.surprisal.stream.TopologySpec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parse stage's {@link PointParser} on each input format, per point: every invocation parses
 * the records that carry {@link #POINTS} points in that format (8 json or prometheus records of
 * one point; one Telegraf record of 4 lines with 2 fields each; one csv record of 8 lines; one otlp
 * request of a gauge with 8 data points of 2 attributes under a host resource; 8 protobuf or avro records
 * of one point, in the Confluent wire format, their schema served once by a registry stand-in on a
 * loopback port and cached from then on, as in production), so the
 * scores read as ns per point and, with {@code -prof gc}, gc.alloc.rate.norm as bytes per point.
 * What a point must allocate: its series id (a String and its bytes) and the point itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ParseBench {
    static final int POINTS = 8;

    @Param({"json", "influx", "csv", "prometheus", "otlp", "protobuf", "avro"})
    public String format;

    /**
     * short: values of a few digits (70.25); long: the 16 or 17 significant digits a program prints for most
     * doubles (70.58333333333333), beyond the text formats' quick exact path.
     */
    @Param({"short", "long"})
    public String digits;

    PointParser parser;
    /** Serves the one schema of the protobuf and avro records (the parser asks once, then reads its cache). */
    com.sun.net.httpserver.HttpServer registry;
    ParseOutput out;
    byte[][] records;
    long recordTs;

    @Setup
    public void setup() throws Exception {
        String registryUrl = "";
        if (format.equals("protobuf") || format.equals("avro")) {
            registry = SchemaRegistryStandIn.start(format);
            registryUrl = "\n  registryUrl: http://127.0.0.1:" + registry.getAddress().getPort();
        }
        parser = new PointParser(TopologySpec.parse("input:\n  format: " + format + registryUrl + "\n").input, System::currentTimeMillis);
        out = new ParseOutput();
        long ms = System.currentTimeMillis() - 3_600_000L;
        recordTs = ms;
        String iso = java.time.Instant.ofEpochMilli(ms).toString();
        String[] texts = switch (format) {
            case "json" -> range(POINTS, i -> "{\"series\":\"plant1/pump0" + i + "/temp\",\"ts\":\"" + iso + "\",\"value\":" + value(70.25, i) + "}");
            case "prometheus" -> range(POINTS, i -> "{\"timestamp\":\"" + iso + "\",\"value\":\"" + value(1234.5, i)
                    + "\",\"name\":\"http_requests_total\",\"labels\":{\"__name__\":\"http_requests_total\",\"job\":\"api\",\"instance\":\"10.0.0."
                    + i + ":9100\"}}");
            case "influx" -> new String[]{String.join("\n", range(POINTS / 2, i -> "cpu,host=server-07,cpu=cpu" + i
                    + " usage_idle=" + value(90.5, -i) + ",usage_user=" + value(4.25, i) + " " + ms + "000000")) + "\n"};
            case "otlp" -> new String[]{""}; // one binary record, built below
            case "protobuf", "avro" -> new String[POINTS]; // binary records, built below
            case "csv" -> new String[]{String.join("\n", range(POINTS, i -> "plant1/pump0" + i + "/temp," + ms + "," + value(70.25, i))) + "\n"};
            default -> throw new IllegalArgumentException(format);
        };
        records = new byte[texts.length][];
        int points = 0;
        for (int i = 0; i < texts.length; i++) {
            records[i] = switch (format) {
                case "otlp" -> otlpRequest(ms);
                case "protobuf" -> SchemaRegistryStandIn.protobufPoint("plant1/pump0" + i + "/temp", ms, value(70.25, i));
                case "avro" -> SchemaRegistryStandIn.avroPoint("plant1/pump0" + i + "/temp", ms, value(70.25, i));
                default -> texts[i].getBytes(StandardCharsets.UTF_8);
            };
            parser.parse(null, records[i], recordTs, out);
            if (!out.badLines().isEmpty()) {
                throw new IllegalStateException(out.badLines().toString());
            }
            points += out.points().size();
        }
        if (points != POINTS) {
            throw new IllegalStateException(format + ": " + points + " points, not " + POINTS);
        }
    }

    /** The {@code i}th value near {@code base}, with as many digits as {@link #digits} asks for. */
    private double value(double base, int i) {
        return digits.equals("long") ? base + i + i / 7.0 + 1 / 3.0 : base + i;
    }

    @org.openjdk.jmh.annotations.TearDown
    public void stopRegistry() {
        if (registry != null) {
            registry.stop(0);
        }
    }

    /** What the Collector's hostmetrics receiver sends for system.cpu.utilization of 4 cpus in 2 states. */
    private static byte[] otlpRequest(long ms) {
        var gauge = io.opentelemetry.proto.metrics.v1.Gauge.newBuilder();
        for (int i = 0; i < POINTS; i++) {
            gauge.addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder()
                    .setTimeUnixNano(ms * 1_000_000L).setAsDouble(0.25 + i / 100.0)
                    .addAttributes(attr("cpu", "cpu" + i / 2)).addAttributes(attr("state", i % 2 == 0 ? "idle" : "user")));
        }
        return io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(attr("host.name", "server-07")).addAttributes(attr("os.type", "linux")))
                        .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                                .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                                        .setName("hostmetricsreceiver/cpu"))
                                .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                                        .setName("system.cpu.utilization").setUnit("1").setGauge(gauge))))
                .build().toByteArray();
    }

    private static io.opentelemetry.proto.common.v1.KeyValue attr(String key, String value) {
        return io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(key)
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static String[] range(int n, java.util.function.IntFunction<String> f) {
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = f.apply(i);
        }
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double parse() throws BadRecordException {
        double sum = 0;
        for (byte[] r : records) {
            parser.parse(null, r, recordTs, out);
            for (PointParser.ParsedPoint p : out.points()) {
                sum += p.value() + p.series().length();
            }
        }
        return sum;
    }
}
