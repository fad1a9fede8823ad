package io.surprisal.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.surprisal.state.SeriesStateSerde;
import org.junit.jupiter.api.Test;

class ShapedSizeTest {

    @Test
    void parsesStateAndOutputBytes() {
        assertEquals(new ShapedSize(400, 60), ShapedSize.parse("400x60"));
        assertEquals("400x60", ShapedSize.parse(" 400x60 ").toString());
    }

    @Test
    void refusesWhatIsNotASize() {
        for (String bad : new String[] {"", "400", "400x", "x60", "400x60x1", "ax60", "0x60", "400x0", "-1x60"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShapedSize.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'") || e.getMessage().contains("at least one byte"), e.getMessage());
        }
    }

    @Test
    void theDetectorShapeIsASeriesStateWithoutItsWeekendAndAJsonScore() {
        assertEquals(SeriesStateSerde.maxSize(32, false, 64) - SeriesStateSerde.WEEKEND_BYTES, ShapedSize.DETECTOR.stateBytes());
        assertEquals(587, ShapedSize.DETECTOR.stateBytes());
        assertEquals(225, ShapedSize.DETECTOR.outputBytes());
    }
}
