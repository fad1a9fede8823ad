package io.surprisal.stream;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.Arrays;

/** OTLP metric requests for tests, built with the generated builders as a Collector would send them. */
final class OtlpRequests {
    private OtlpRequests() {
    }

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    static NumberDataPoint point(long ms, double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(ms * 1_000_000L).setAsDouble(value)
                .addAllAttributes(Arrays.asList(attributes)).build();
    }

    static NumberDataPoint intPoint(long ms, long value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(ms * 1_000_000L).setAsInt(value)
                .addAllAttributes(Arrays.asList(attributes)).build();
    }

    static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("1")
                .setGauge(Gauge.newBuilder().addAllDataPoints(Arrays.asList(points))).build();
    }

    static Metric sum(String name, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit("By")
                .setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addAllDataPoints(Arrays.asList(points))).build();
    }

    static Metric histogram(String name, long ms) {
        return Metric.newBuilder().setName(name).setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(ms * 1_000_000L).setCount(3).setSum(1.5)
                        .addExplicitBounds(1).addBucketCounts(2).addBucketCounts(1))).build();
    }

    static Metric summary(String name, long ms) {
        return Metric.newBuilder().setName(name).setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(ms * 1_000_000L).setCount(3).setSum(1.5))).build();
    }

    static ResourceMetrics resource(Resource resource, Metric... metrics) {
        return ResourceMetrics.newBuilder().setResource(resource)
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("hostmetricsreceiver/cpu"))
                        .addAllMetrics(Arrays.asList(metrics)))
                .build();
    }

    /** A resource of a host, as the Collector's hostmetrics receiver and resourcedetection name it. */
    static Resource host(String hostName) {
        return Resource.newBuilder().addAttributes(attr("host.name", hostName))
                .addAttributes(attr("os.type", "linux"))
                .addAttributes(attr("process.pid", AnyValue.newBuilder().setIntValue(4242).build())).build();
    }

    static byte[] request(ResourceMetrics... resources) {
        return ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(Arrays.asList(resources)).build().toByteArray();
    }

    static byte[] request(String hostName, Metric... metrics) {
        return request(resource(host(hostName), metrics));
    }
}
