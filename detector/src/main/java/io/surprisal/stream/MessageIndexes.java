package io.surprisal.stream;

/**
 * The message-index path of a protobuf record in the Confluent wire format, after the 5-byte header: a
 * zig-zag varint count, then that many zig-zag varints, each an index among the message types of the
 * file (the first) or of the message before it (nested types); the lone count 0 stands for the path
 * {@code [0]}, the file's first message, which is what nearly every record carries. Reused from record
 * to record: reading allocates nothing.
 */
final class MessageIndexes {
    /** Deeper nesting than this in a path is refused: real schemas nest a few levels. */
    static final int MAX_DEPTH = 32;

    private final int[] path = new int[MAX_DEPTH];
    private int depth;
    private int bodyOffset;
    private int pos;

    /** Reads the path of {@code value} (header already checked); malformed-protobuf when it is not one. */
    void read(byte[] value) throws BadRecordException {
        pos = ConfluentWire.BODY_OFFSET;
        int count = zigzag(value);
        if (count == 0) {
            path[0] = 0;
            depth = 1;
        } else if (count < 0 || count > MAX_DEPTH) {
            throw new BadRecordException(ProtobufRecordParser.MALFORMED, "message-index count " + count
                    + " is not 1.." + MAX_DEPTH);
        } else {
            for (int i = 0; i < count; i++) {
                int index = zigzag(value);
                if (index < 0) {
                    throw new BadRecordException(ProtobufRecordParser.MALFORMED, "message index " + index + " is negative");
                }
                path[i] = index;
            }
            depth = count;
        }
        bodyOffset = pos;
    }

    int depth() {
        return depth;
    }

    int get(int i) {
        return path[i];
    }

    /** Where the protobuf message starts. */
    int bodyOffset() {
        return bodyOffset;
    }

    /** Whether this path is {@code other[0..otherDepth)}. */
    boolean sameAs(int[] other, int otherDepth) {
        if (otherDepth != depth) {
            return false;
        }
        for (int i = 0; i < depth; i++) {
            if (other[i] != path[i]) {
                return false;
            }
        }
        return true;
    }

    /** A copy of the path, for a caller that keeps it. */
    int[] copy() {
        return java.util.Arrays.copyOf(path, depth);
    }

    /** One zig-zag varint of at most 32 bits at {@code pos}, which moves past it. */
    private int zigzag(byte[] value) throws BadRecordException {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= value.length) {
                throw new BadRecordException(ProtobufRecordParser.MALFORMED, "record ends inside its message indexes");
            }
            byte b = value[pos++];
            raw |= (b & 0x7f) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new BadRecordException(ProtobufRecordParser.MALFORMED, "a message index is a varint longer than 5 bytes");
    }
}
