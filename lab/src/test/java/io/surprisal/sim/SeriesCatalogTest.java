package io.surprisal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SeriesCatalogTest {

    @Test
    void idsNamePlantDeviceAndQuantity() {
        List<SeriesProfile> series = SeriesCatalog.generate(100, 1);
        assertEquals("plant1/pump01/temp", series.get(0).id());
        assertEquals("plant1/compressor01/power", series.get(6).id());
        assertEquals("plant2/pump01/temp", series.get(48).id());
        assertTrue(series.stream().allMatch(s -> s.id().matches("plant\\d+/(pump|compressor|fan)\\d\\d/[a-z]+")));
    }

    @Test
    void idsAreUnique() {
        List<SeriesProfile> series = SeriesCatalog.generate(5000, 1);
        assertEquals(series.size(), series.stream().map(SeriesProfile::id).distinct().count());
    }

    @Test
    void theSameSeedGivesTheSameCatalog() {
        assertEquals(SeriesCatalog.generate(50, 9), SeriesCatalog.generate(50, 9));
    }
}
