package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.HexFormat;

import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;

/**
 * The README's avro sample builds a record by hand (python's struct and a zig-zag varint) for kcat: its
 * bytes, for the fixed timestamp below, must be what Avro's own writer frames for schema id 1.
 */
class ReadmeAvroSampleTest {
    /** What the README's python line prints for ts = 1764676800000 (`… | xxd -p`). */
    private static final String README_BYTES = "000000000124706c616e74312f70756d7030372f74656d7080b8f8eedb663333333333d35140";

    @Test
    void theHandBuiltSampleIsTheWireFormatOfAvrosWriter() {
        byte[] avro = AvroRecords.framed(1, new GenericRecordBuilder(AvroRecords.POINT)
                .set("series", "plant1/pump07/temp").set("ts", 1764676800000L).set("value", 71.3).build());
        assertArrayEquals(avro, HexFormat.of().parseHex(README_BYTES));
    }
}
