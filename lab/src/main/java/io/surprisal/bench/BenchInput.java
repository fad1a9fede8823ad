package io.surprisal.bench;

import io.surprisal.sim.SensorPoint;
import io.surprisal.sim.SensorPointJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark's points: {@code series} series, one point a minute each, in rounds (every series
 * once per round), in the points topic's own format ({@link SensorPointJson}, key = series id), so
 * both topologies parse exactly what a deployment parses. Deterministic: round r of series s is
 * always the same record.
 */
final class BenchInput {
    private final int series;
    private final long t0;
    private final byte[][] keys;

    BenchInput(int series) {
        this.series = series;
        this.t0 = weekdayStart(Instant.now()).toEpochMilli();
        this.keys = new byte[series][];
        for (int s = 0; s < series; s++) {
            keys[s] = id(s).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Midnight UTC two to five days before {@code now}, on a Monday to Thursday: in the past, so no
     * point is refused for lying in the future, and a whole weekday (1440 rounds) before the first
     * weekend, so every run stores states of the same size whatever day it runs on (a series that
     * has seen a weekend keeps the daily profile's weekend part too).
     */
    static Instant weekdayStart(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(2);
        while (day.getDayOfWeek().compareTo(DayOfWeek.THURSDAY) > 0) {
            day = day.minusDays(1);
        }
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    int series() {
        return series;
    }

    static String id(int s) {
        return String.format("plant%02d/pump%06d/temp", s % 100, s);
    }

    byte[] key(int s) {
        return keys[s];
    }

    /** The series index of a key that {@link #id} wrote, or -1: the digits between {@code /pump} and {@code /temp}. */
    static int seriesOf(byte[] key) {
        int at = indexOf(key, PUMP, 0);
        if (at < 0) {
            return -1;
        }
        int s = 0;
        int i = at + PUMP.length;
        for (; i < key.length && key[i] >= '0' && key[i] <= '9'; i++) {
            s = s * 10 + (key[i] - '0');
        }
        return i == at + PUMP.length ? -1 : s;
    }

    /** The round whose points carry event time {@code epochMillis}. */
    long roundOf(long epochMillis) {
        return Math.floorDiv(epochMillis - t0, 60_000L);
    }

    private static final byte[] PUMP = "/pump".getBytes(StandardCharsets.US_ASCII);

    static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The point of series {@code s} in round {@code round}: a daily-ish cycle, a per-series level, hashed noise. */
    byte[] value(int s, long round) {
        double v = 20 + (s % 50) + 5 * Math.sin(2 * Math.PI * round / 48.0)
                + ((round * 7919 + s * 104729L) % 100) / 100.0;
        return SensorPointJson.encode(new SensorPoint(id(s), Instant.ofEpochMilli(t0 + round * 60_000L), v));
    }

    static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return c;
    }

    /** Produces {@code points} points as fast as the broker takes them, starting at round {@code fromRound}; returns the rounds used. */
    long produce(String bootstrapServers, String topic, long points, long fromRound) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerConfig(bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long sent = 0;
            long round = fromRound;
            while (sent < points) {
                for (int s = 0; s < series && sent < points; s++, sent++) {
                    p.send(new ProducerRecord<>(topic, keys[s], value(s, round)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                round++;
            }
            p.flush();
            if (failure.get() != null) {
                throw new KafkaException("producing the benchmark input failed", failure.get());
            }
            return round - fromRound;
        }
    }
}
