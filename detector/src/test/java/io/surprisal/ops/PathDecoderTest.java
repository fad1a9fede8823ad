package io.surprisal.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PathDecoderTest {

    @Test
    void decodesPercentEscapesAsUtf8() {
        assertEquals("plant3/pump7/température", PathDecoder.decode("plant3%2Fpump7%2Ftemp%C3%A9rature"));
    }

    @Test
    void keepsPlusAsPlus() {
        assertEquals("a+b c", PathDecoder.decode("a+b%20c"));
    }

    @Test
    void keepsCharactersOutsideTheBmp() {
        assertEquals("sensor-\uD83C\uDF21/x", PathDecoder.decode("sensor-\uD83C\uDF21%2Fx"));
    }

    @Test
    void rejectsMalformedEscapes() {
        assertThrows(IllegalArgumentException.class, () -> PathDecoder.decode("bad%zz"));
        assertThrows(IllegalArgumentException.class, () -> PathDecoder.decode("bad%4"));
    }
}
