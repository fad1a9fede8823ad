package io.surprisal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * For ParseBench: one schema (schema id 1) served as a registry's Confluent API answers
 * {@code GET /schemas/ids/1}, on a loopback port, and records of it in the Confluent wire format. The
 * parser fetches the schema on its first record and reads its cache after that, so the benchmark
 * measures the per-record path; the real registry is tested by AvroRegistryIT and ProtobufRegistryIT.
 */
final class SchemaRegistryStandIn {
    static final String PROTO = """
            syntax = "proto3";
            import "google/protobuf/timestamp.proto";
            message Point { string series = 1; google.protobuf.Timestamp ts = 2; double value = 3; }""";
    static final Schema AVRO = new Schema.Parser().parse("""
            {"type":"record","name":"Point","fields":[{"name":"series","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},{"name":"value","type":"double"}]}""");

    private SchemaRegistryStandIn() {
    }

    static HttpServer start(String format) throws IOException {
        Map<String, String> answer = format.equals("protobuf") ? Map.of("schemaType", "PROTOBUF", "schema", PROTO)
                : Map.of("schema", AVRO.toString());
        byte[] body = new ObjectMapper().writeValueAsBytes(answer);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/schemas/ids/1", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Header (magic 0, id 1), the lone message index 0, then Point {series, ts, value} as protoc would encode it. */
    static byte[] protobufPoint(String series, long ms, double value) {
        try {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            CodedOutputStream t = CodedOutputStream.newInstance(ts);
            t.writeInt64(1, Math.floorDiv(ms, 1000));
            t.writeInt32(2, (int) Math.floorMod(ms, 1000) * 1_000_000);
            t.flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {0, 0, 0, 0, 1, 0});
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeString(1, series);
            c.writeByteArray(2, ts.toByteArray());
            c.writeDouble(3, value);
            c.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header (magic 0, id 1), then the Avro binary record. */
    static byte[] avroPoint(String series, long ms, double value) {
        try {
            GenericRecord r = new GenericData.Record(AVRO);
            r.put("series", series);
            r.put("ts", ms);
            r.put("value", value);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {0, 0, 0, 0, 1});
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(AVRO).write(r, enc);
            enc.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
