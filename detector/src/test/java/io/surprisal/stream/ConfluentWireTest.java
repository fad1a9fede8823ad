package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfluentWireTest {
    @Test
    void theIdIsFourBigEndianBytesAfterTheMagicByte() throws Exception {
        assertEquals(0x01020304, ConfluentWire.schemaId(new byte[] {0, 1, 2, 3, 4, 42}, "malformed-avro"));
        assertEquals(7, ConfluentWire.schemaId(ConfluentWire.frame(7, new byte[0]), "malformed-avro"));
        // Ids are unsigned on the wire; the cache and the URL use the same 32 bits.
        assertEquals(-1, ConfluentWire.schemaId(ConfluentWire.frame(-1, new byte[] {2}), "malformed-avro"));
    }

    @Test
    void frameRoundTripsTheBody() {
        byte[] framed = ConfluentWire.frame(5, new byte[] {9, 8});
        assertArrayEquals(new byte[] {0, 0, 0, 0, 5, 9, 8}, framed);
    }

    @Test
    void aWrongMagicByteOrAShortRecordIsMalformedAvro() {
        BadRecordException magic = assertThrows(BadRecordException.class,
                () -> ConfluentWire.schemaId("{\"series\":\"a\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), "malformed-avro"));
        assertEquals("malformed-avro", magic.reason());
        assertTrue(magic.getMessage().contains("magic byte"), magic.getMessage());
        BadRecordException shortOne = assertThrows(BadRecordException.class, () -> ConfluentWire.schemaId(new byte[] {0, 0, 1}, "malformed-avro"));
        assertEquals("malformed-avro", shortOne.reason());
    }
}
