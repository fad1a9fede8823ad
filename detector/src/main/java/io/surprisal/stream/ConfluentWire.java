package io.surprisal.stream;

/**
 * The Confluent wire format that every schema registry's serializers write: magic byte 0, the writer
 * schema's id as a 4-byte big-endian int, then the body (Avro binary; for protobuf, first the message
 * indexes that {@link MessageIndexes} reads).
 */
final class ConfluentWire {
    static final byte MAGIC = 0;
    /** Where the body starts. */
    static final int BODY_OFFSET = 5;

    private ConfluentWire() {
    }

    /** The writer schema's id, or {@code malformed} (the format's reason) when the record is not in the wire format. */
    static int schemaId(byte[] value, String malformed) throws BadRecordException {
        if (value.length < BODY_OFFSET) {
            throw new BadRecordException(malformed, "record is " + value.length
                    + " bytes, shorter than the wire format's 5-byte header (magic byte 0 and a schema id)");
        }
        if (value[0] != MAGIC) {
            throw new BadRecordException(malformed, "record starts with byte " + (value[0] & 0xff)
                    + ", not the wire format's magic byte 0");
        }
        return ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
    }

    /** {@code body} framed with {@code id}: what a registry-aware Avro serializer sends. */
    static byte[] frame(int id, byte[] body) {
        byte[] out = new byte[BODY_OFFSET + body.length];
        out[0] = MAGIC;
        out[1] = (byte) (id >>> 24);
        out[2] = (byte) (id >>> 16);
        out[3] = (byte) (id >>> 8);
        out[4] = (byte) id;
        System.arraycopy(body, 0, out, BODY_OFFSET, body.length);
        return out;
    }
}
