package io.surprisal.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Binary form of a {@link Point} on the repartition topic. Version 1, a point without tags: version, ts, value,
 * partition, offset, series (UTF-8, the rest of the record). Version 2, only for a point with tags (so a spec
 * without {@code input.tags} writes exactly what it always did): the same header, the series' length (int) and
 * bytes, the tag count (short) and each tag's length (int, -1 for null) and bytes.
 */
public final class PointSerde implements Serde<Point> {
    private static final byte VERSION = 1;
    private static final byte TAGGED = 2;
    private static final int HEADER = 1 + 8 + 8 + 4 + 8;

    private static final Serializer<Point> SERIALIZER = PointSerde::write;
    private static final Deserializer<Point> DESERIALIZER = PointSerde::read;

    static byte[] write(String topic, Point p) {
        if (p == null) {
            return null;
        }
        byte[] id = p.series().getBytes(StandardCharsets.UTF_8);
        if (p.tags().isEmpty()) {
            return ByteBuffer.allocate(HEADER + id.length)
                    .put(VERSION).putLong(p.ts()).putDouble(p.value()).putInt(p.partition()).putLong(p.offset()).put(id)
                    .array();
        }
        List<byte[]> tags = new ArrayList<>(p.tags().size());
        int size = HEADER + 4 + id.length + 2;
        for (String t : p.tags()) {
            byte[] b = t == null ? null : t.getBytes(StandardCharsets.UTF_8);
            tags.add(b);
            size += 4 + (b == null ? 0 : b.length);
        }
        ByteBuffer out = ByteBuffer.allocate(size)
                .put(TAGGED).putLong(p.ts()).putDouble(p.value()).putInt(p.partition()).putLong(p.offset())
                .putInt(id.length).put(id).putShort((short) tags.size());
        for (byte[] b : tags) {
            out.putInt(b == null ? -1 : b.length);
            if (b != null) {
                out.put(b);
            }
        }
        return out.array();
    }

    static Point read(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER || data[0] != VERSION && data[0] != TAGGED) {
            throw new SerializationException("not a version-" + VERSION + " or -" + TAGGED + " point (" + data.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(data, 1, data.length - 1);
        long ts = b.getLong();
        double value = b.getDouble();
        int partition = b.getInt();
        long offset = b.getLong();
        if (data[0] == VERSION) {
            String series = new String(data, HEADER, data.length - HEADER, StandardCharsets.UTF_8);
            return new Point(series, ts, value, partition, offset);
        }
        try {
            String series = text(b, b.getInt());
            int count = b.getShort();
            List<String> tags = new ArrayList<>(Math.max(count, 0));
            for (int i = 0; i < count; i++) {
                int length = b.getInt();
                tags.add(length < 0 ? null : text(b, length));
            }
            if (b.hasRemaining()) {
                throw new SerializationException("trailing bytes after a tagged point");
            }
            return new Point(series, ts, value, partition, offset, Collections.unmodifiableList(tags));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new SerializationException("truncated tagged point (" + data.length + " bytes)", e);
        }
    }

    private static String text(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new IndexOutOfBoundsException("length " + length);
        }
        String s = new String(b.array(), b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
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
