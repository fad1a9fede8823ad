package io.surprisal.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlTableTest {
    static SeriesControl threshold(double t) {
        return SeriesControl.NONE.withThreshold(t);
    }

    @Test
    void theMostSpecificControlWins() {
        ControlTable table = new ControlTable();
        assertTrue(table.isEmpty());
        assertNull(table.find("plant1/pump07/temp"));
        SeriesControl all = threshold(0.1), plant = threshold(0.2), pump = threshold(0.3), own = threshold(0.4);
        table.put("*", all);
        table.put("plant1/*", plant);
        table.put("plant1/pump07/*", pump);
        table.put("plant1/pump07/temp", own);
        assertSame(own, table.find("plant1/pump07/temp"));
        assertSame(pump, table.find("plant1/pump07/pressure"));
        assertSame(plant, table.find("plant1/pump08/temp"));
        assertSame(all, table.find("plant2/pump07/temp"));
        assertSame(pump, table.find("plant1/pump07/"), "a prefix matches the id equal to it");
        assertSame(plant, table.get("plant1/*"));
        assertNull(table.get("plant1/"));
        assertEquals(4, table.size());
    }

    @Test
    void aNullControlRemovesTheKeyAndNothingElse() {
        ControlTable table = new ControlTable();
        table.put("plant1/*", threshold(0.2));
        table.put("plant1/pump07/temp", threshold(0.4));
        table.put("plant1/pump07/temp", null);
        assertEquals(0.2, table.find("plant1/pump07/temp").threshold());
        table.put("nothing-there", null);
        table.put("plant1/*", null);
        assertTrue(table.isEmpty());
        assertNull(table.find("plant1/pump07/temp"));
    }
}
