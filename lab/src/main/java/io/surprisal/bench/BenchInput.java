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
    /** Each series' value up to its timestamp's text: {@code {"series":"<id>","ts":"}. */
    private final byte[][] valueHeads;
    /** The timestamp text of the round last written (one round's points go out together), shared by the sending threads. */
    private volatile RoundText lastRound = new RoundText(-1, new byte[0]);

    private record RoundText(long round, byte[] ts) {
    }

    BenchInput(int series) {
        this.series = series;
        this.t0 = weekdayStart(Instant.now()).toEpochMilli();
        this.keys = new byte[series][];
        this.valueHeads = new byte[series][];
        for (int s = 0; s < series; s++) {
            keys[s] = id(s).getBytes(StandardCharsets.UTF_8);
            valueHeads[s] = ("{\"series\":\"" + id(s) + "\",\"ts\":\"").getBytes(StandardCharsets.UTF_8);
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
        return Math.floorDiv(epochMillis - t0, ROUND_MS);
    }

    /** The event time of round {@code round}'s points: {@link #roundOf}'s inverse. */
    private Instant timeOf(long round) {
        return Instant.ofEpochMilli(t0 + round * ROUND_MS);
    }

    /** One round a minute of event time. */
    private static final long ROUND_MS = 60_000L;

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

    /**
     * The point of series {@code s} in round {@code round}: a daily-ish cycle, a per-series level, hashed noise. The
     * bytes {@link SensorPointJson} writes for it, put together from the series' and the round's parts: the latency
     * probe's paced producer makes them on the clock, on the cores it measures, and a Jackson generator with
     * {@code Instant.toString} for every point took about 1 µs of the 4.3–6.1 µs a point its thread spent.
     */
    byte[] value(int s, long round) {
        byte[] head = valueHeads[s];
        byte[] ts = tsText(round);
        byte[] number = Double.toString(reading(s, round)).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + ts.length + VALUE_FIELD.length + number.length + 1];
        int at = put(head, out, 0);
        at = put(ts, out, at);
        at = put(VALUE_FIELD, out, at);
        at = put(number, out, at);
        out[at] = '}';
        return out;
    }

    /** The point {@link #value} writes. */
    SensorPoint point(int s, long round) {
        return new SensorPoint(id(s), timeOf(round), reading(s, round));
    }

    private static double reading(int s, long round) {
        return 20 + (s % 50) + 5 * Math.sin(2 * Math.PI * round / 48.0) + ((round * 7919 + s * 104729L) % 100) / 100.0;
    }

    private byte[] tsText(long round) {
        RoundText last = lastRound;
        if (last.round() != round) {
            last = new RoundText(round, timeOf(round).toString().getBytes(StandardCharsets.US_ASCII));
            lastRound = last;
        }
        return last.ts();
    }

    private static int put(byte[] part, byte[] out, int at) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static final byte[] VALUE_FIELD = "\",\"value\":".getBytes(StandardCharsets.US_ASCII);

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
