package io.surprisal.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CsvHistoryTest {

    @Test
    void readsOneSeriesPerFileInRowOrderSkippingNonNumbers(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cat"));
        Files.writeString(dir.resolve("cat/a.csv"), "timestamp,value\n2015-02-01 00:05:00,2.5\n2015-02-01 00:00:00,1\n"
                + "2015-02-01 00:10:00,NaN\n2015-02-01 00:15:00,x\n1422749700000,3\n");
        List<SeriesHistory> all = CsvHistory.read(dir);
        assertEquals(1, all.size());
        SeriesHistory a = all.get(0);
        assertEquals("cat/a", a.id());
        assertArrayEquals(new double[]{2.5, 1, 3}, a.values());
        assertEquals(1422749100000L, a.timestamps()[0]);
        assertEquals(1422749700000L, a.timestamps()[2]);
    }

    @Test
    void aMissingHeaderIsAClearError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.csv"), "2015-02-01 00:00:00,1\n");
        RuntimeException e = assertThrows(RuntimeException.class, () -> CsvHistory.read(dir));
        assertEquals(true, e.getMessage().contains("header"), e.getMessage());
    }
}
