package io.surprisal.stream;

import io.surprisal.score.ScoreRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a score as an Avro record of {@link ScoreAvroSchema} in the Confluent wire format (magic byte 0,
 * the registered schema's id, the Avro binary body), by hand into a reused buffer as {@link ScoreJson}
 * does: a GenericRecord and its datum writer would allocate per score what the record itself does not
 * need. The field order and encodings are the schema's; ScoreAvroTest decodes the bytes with Avro's
 * own reader to keep the two in step. Not thread-safe: one per processor.
 */
final class ScoreAvro extends ReusedBuffer implements ScoreWriter {
    private final int tagCount;
    private String model;
    private byte[] modelBytes;

    /** @param schemaId the registered id of {@code ScoreAvroSchema.of(tags)}; {@code tagCount} its number of tags */
    ScoreAvro(int schemaId, int tagCount) {
        super(256);
        this.tagCount = tagCount;
        buf[0] = ConfluentWire.MAGIC;
        buf[1] = (byte) (schemaId >>> 24);
        buf[2] = (byte) (schemaId >>> 16);
        buf[3] = (byte) (schemaId >>> 8);
        buf[4] = (byte) schemaId;
    }

    @Override
    public byte[] write(String series, ScoreRecord r, List<String> names, List<String> values, boolean muted) {
        len = ConfluentWire.BODY_OFFSET; // the header stays in place from score to score
        string(series);
        varlong(r.ts);
        fixed64(r.value);
        optional(r.expected);
        optional(r.lower);
        optional(r.upper);
        optional(r.surprisal);
        optional(r.score);
        bool(r.anomaly);
        bool(r.warmup);
        if (r.model != model) { // the model changes rarely: keep its bytes
            model = r.model;
            modelBytes = r.model.getBytes(StandardCharsets.UTF_8);
        }
        varlong(modelBytes.length);
        append(modelBytes);
        if (muted) {
            varlong(1); // union branch 1: boolean
            bool(true);
        } else {
            varlong(0); // union branch 0: null
        }
        for (int i = 0; i < tagCount; i++) {
            String v = i < values.size() ? values.get(i) : null;
            if (v == null) {
                varlong(0);
            } else {
                varlong(1);
                string(v);
            }
        }
        return copy();
    }

    /** ["null","double"]: null for a number that is not finite, as the json score writes it. */
    private void optional(double v) {
        if (Double.isFinite(v)) {
            varlong(1);
            fixed64(v);
        } else {
            varlong(0);
        }
    }

    private void bool(boolean b) {
        ensure(1);
        buf[len++] = (byte) (b ? 1 : 0);
    }

    /** Avro's double: the IEEE bits, little-endian. */
    private void fixed64(double v) {
        long bits = Double.doubleToLongBits(v);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[len++] = (byte) (bits >>> (8 * i));
        }
    }

    /** Avro's int and long: zig-zag, then base-128 varint. */
    private void varlong(long v) {
        long z = (v << 1) ^ (v >> 63);
        ensure(10);
        while ((z & ~0x7fL) != 0) {
            buf[len++] = (byte) ((z & 0x7f) | 0x80);
            z >>>= 7;
        }
        buf[len++] = (byte) z;
    }

    /** Avro's string: the UTF-8 length, then the bytes; an ASCII string is copied without an intermediate array. */
    private void string(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varlong(utf8.length);
                append(utf8);
                return;
            }
        }
        varlong(n);
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }
}
