package io.surprisal.stream;

import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopologySpecScoringTest {

    @Test
    void anomalyLearningComesFromTheSpecOrTheDefault() throws Exception {
        assertEquals(ScoringConfig.DEFAULT.anomalyLearning(), TopologySpec.parse("name: a\n").scoring.toConfig().anomalyLearning());
        assertEquals(1.0, TopologySpec.parse("name: a\nscoring:\n  anomalyLearning: 1\n").scoring.toConfig().anomalyLearning());
        assertThrows(IllegalArgumentException.class,
                () -> TopologySpec.parse("name: a\nscoring:\n  anomalyLearning: 2\n").scoring.toConfig());
    }

    @Test
    void theTimeZoneComesFromTheSpecOrIsUtc() throws Exception {
        assertEquals(java.time.ZoneOffset.UTC, TopologySpec.parse("name: a\n").scoring.toConfig().timeZone());
        assertEquals(java.time.ZoneId.of("Europe/Berlin"),
                TopologySpec.parse("name: a\nscoring:\n  timeZone: Europe/Berlin\n").scoring.toConfig().timeZone());
        TopologySpec.InvalidSpecException e = assertThrows(TopologySpec.InvalidSpecException.class,
                () -> TopologySpec.parse("name: a\nscoring:\n  timeZone: Europe/Bern\n"));
        assertEquals("scoring.timeZone: 'Europe/Bern' is not a time zone (an IANA name such as Europe/Berlin, or an offset "
                + "such as +02:00)", e.getMessage());
    }
}
