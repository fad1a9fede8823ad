package io.surprisal.stream;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import java.io.ByteArrayOutputStream;

/** Protobuf records as a registry-aware serializer writes them, for the protobuf tests. */
final class ProtoRecords {
    /**
     * The shape topologies/protobuf.yaml reads: a series, a google.protobuf.Timestamp, a double; beside
     * them a nested message, a wrapper, an enum and tags, for the path tests; and a second top-level message.
     */
    static final String POINT_PROTO = """
            syntax = "proto3";
            package surprisal.test;

            import "google/protobuf/timestamp.proto";
            import "google/protobuf/wrappers.proto";

            message Point {
              string series = 1;
              google.protobuf.Timestamp ts = 2;
              double value = 3;
              Device device = 4;
              google.protobuf.DoubleValue temp = 5;
              optional int64 rpm = 6;
              uint64 epoch_ms = 7;
              string at = 8;
              Kind kind = 9;
              string plant = 10;
              repeated double history = 11;
              bool on = 12;

              message Device {
                string id = 1;
                uint32 zone = 2;
              }
              enum Kind {
                KIND_UNSPECIFIED = 0;
                PUMP = 1;
              }
            }

            message Other {
              string name = 1;
              sint64 count = 2;
            }
            """;

    static final Descriptors.FileDescriptor POINT_FILE = read(POINT_PROTO);
    static final Descriptors.Descriptor POINT = POINT_FILE.findMessageTypeByName("Point");

    private ProtoRecords() {
    }

    static Descriptors.FileDescriptor read(String proto) {
        try {
            return ProtoDescriptors.read(1, proto);
        } catch (BadRecordException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@code message} framed as the first message of schema {@code id}: header, the single index byte 0, body. */
    static byte[] framed(int id, Message message) {
        return framed(id, new int[0], message.toByteArray());
    }

    /**
     * {@code body} framed under schema {@code id} with the message-index path {@code path} (empty: the lone
     * 0 that stands for the first message).
     */
    static byte[] framed(int id, int[] path, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = ConfluentWire.frame(id, new byte[0]);
        out.write(header, 0, header.length);
        zigzag(out, path.length);
        for (int index : path) {
            zigzag(out, index);
        }
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    static void zigzag(ByteArrayOutputStream out, int v) {
        varint(out, (v << 1) ^ (v >> 31));
    }

    static void varint(ByteArrayOutputStream out, int z) {
        while ((z & ~0x7f) != 0) {
            out.write((z & 0x7f) | 0x80);
            z >>>= 7;
        }
        out.write(z);
    }

    /** A Point with a series, a Timestamp at {@code ms} and a value. */
    static DynamicMessage point(String series, long ms, double value) {
        return DynamicMessage.newBuilder(POINT)
                .setField(POINT.findFieldByName("series"), series)
                .setField(POINT.findFieldByName("ts"), Timestamp.newBuilder()
                        .setSeconds(Math.floorDiv(ms, 1000)).setNanos((int) Math.floorMod(ms, 1000) * 1_000_000).build())
                .setField(POINT.findFieldByName("value"), value)
                .build();
    }
}
