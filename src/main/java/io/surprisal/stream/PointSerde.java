package io.surprisal.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Binary form of a {@link Point} on the repartition topic: version, ts, value, partition, offset, series (UTF-8). */
public final class PointSerde implements Serde<Point> {
    private static final byte VERSION = 1;

    private static final Serializer<Point> SERIALIZER = PointSerde::write;
    private static final Deserializer<Point> DESERIALIZER = PointSerde::read;

    static byte[] write(String topic, Point p) {
        if (p == null) {
            return null;
        }
        byte[] id = p.series().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 8 + 8 + 4 + 8 + id.length)
                .put(VERSION).putLong(p.ts()).putDouble(p.value()).putInt(p.partition()).putLong(p.offset()).put(id)
                .array();
    }

    static Point read(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 29 || data[0] != VERSION) {
            throw new SerializationException("not a version-" + VERSION + " point (" + data.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
        long ts = b.getLong();
        double value = b.getDouble();
        int partition = b.getInt();
        long offset = b.getLong();
        String series = new String(data, 29, data.length - 29, StandardCharsets.UTF_8);
        return new Point(series, ts, value, partition, offset);
    }

    @Override
    public Serializer<Point> serializer() {
        return SERIALIZER;
    }

    @Override
    public Deserializer<Point> deserializer() {
        return DESERIALIZER;
    }
}
