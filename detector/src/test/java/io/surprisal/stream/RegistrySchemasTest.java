package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading a registry's answer and what happens when there is none; AvroRegistryIT asks a real registry. */
class RegistrySchemasTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theAnswerIsTheSchemaTextOfAnAvroSchema() throws Exception {
        String text = AvroRecords.POINT.toString().replace("\"", "\\\"");
        assertEquals(AvroRecords.POINT, RegistrySchemas.parse(1, utf8("{\"schema\":\"" + text + "\",\"references\":[]}"), AvroRecordParser.SCHEMAS));
        assertEquals(AvroRecords.POINT, RegistrySchemas.parse(1, utf8("{\"schemaType\":\"AVRO\",\"schema\":\"" + text + "\"}"), AvroRecordParser.SCHEMAS));
    }

    @Test
    void anotherSchemaTypeOrAnUnreadableSchemaIsUnknown() {
        assertEquals("unknown-schema", assertThrows(BadRecordException.class,
                () -> RegistrySchemas.parse(1, utf8("{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"), AvroRecordParser.SCHEMAS)).reason());
        assertEquals("unknown-schema", assertThrows(BadRecordException.class,
                () -> RegistrySchemas.parse(1, utf8("{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"P\\\",\\\"fields\\\":[{\\\"name\\\":\\\"x\\\",\\\"type\\\":\\\"Other\\\"}]}\"}"), AvroRecordParser.SCHEMAS)).reason());
        assertEquals("schema-unavailable", assertThrows(BadRecordException.class,
                () -> RegistrySchemas.parse(1, utf8("<html>"), AvroRecordParser.SCHEMAS)).reason());
    }

    @Test
    void anUnreachableRegistryIsSchemaUnavailableRememberedUntilTheRetryInterval() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        AtomicLong now = new AtomicLong(1_000_000);
        RegistrySchemas schemas = new RegistrySchemas<>("http://127.0.0.1:" + port + "/apis/ccompat/v7", now::get, AvroRecordParser.SCHEMAS);
        BadRecordException first = assertThrows(BadRecordException.class, () -> schemas.schema(5));
        assertEquals("schema-unavailable", first.reason());
        // Within the interval the same failure answers at once, without asking the registry again.
        assertSame(first, assertThrows(BadRecordException.class, () -> schemas.schema(5)));
        now.addAndGet(RegistrySchemas.RETRY_MS);
        BadRecordException later = assertThrows(BadRecordException.class, () -> schemas.schema(5));
        assertEquals("schema-unavailable", later.reason());
        assertEquals(false, later == first, "asked again after the interval");
    }
}
