package io.surprisal.score;

import io.surprisal.document.ModelDocument;
import io.surprisal.model.Model;
import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily parts read hours of day in the scoring's time zone, so a local rhythm survives a daylight-saving change. */
class TimeZoneTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final long FIVE_MINUTES = 300_000;
    /** Clocks in New York go forward on 2026-03-08. */
    private static final long START = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    private static final long DST = Instant.parse("2026-03-08T07:00:00Z").toEpochMilli();
    private static final long END = Instant.parse("2026-03-22T00:00:00Z").toEpochMilli();
    private final Model generic = ModelDocument.generic();

    /** An office's load: busy from 08:00 to 17:00 local time on weekdays, quiet otherwise. */
    static double officeLoad(long ts, SplittableRandom r) {
        ZonedDateTime local = Instant.ofEpochMilli(ts).atZone(NEW_YORK);
        boolean weekday = local.getDayOfWeek().getValue() <= 5;
        boolean busy = weekday && local.getHour() >= 8 && local.getHour() < 17;
        return (busy ? 60 : 20) + 2 * r.nextGaussian();
    }

    /** Points flagged in the two weeks after the clocks changed, with the scoring in {@code zone}. */
    int flaggedAfterTheChange(ZoneId zone) {
        Detector d = new Detector(generic, ScoringConfig.DEFAULT.withTimeZone(zone));
        SeriesState s = d.newState();
        ScoreRecord out = new ScoreRecord();
        SplittableRandom r = new SplittableRandom(11);
        int flagged = 0;
        for (long ts = START; ts < END; ts += FIVE_MINUTES) {
            assertEquals(Outcome.SCORED, d.update(s, ts, officeLoad(ts, r), out));
            if (ts >= DST && out.anomaly) {
                flagged++;
            }
        }
        return flagged;
    }

    @Test
    void aLocalRhythmIsNotAnAnomalyWhenTheClocksChange() {
        int utc = flaggedAfterTheChange(ZoneId.of("UTC"));
        int local = flaggedAfterTheChange(NEW_YORK);
        assertTrue(local == 0, "in its own zone the office's day goes on as usual: " + local + " flagged");
        assertTrue(utc > local, "kept in UTC, its day starts an hour early after the change: " + utc + " flagged");
    }

    @Test
    void aZoneIsNamedByItsIanaNameOrAnOffset() {
        assertEquals(NEW_YORK, ScoringConfig.DEFAULT.with("timeZone", "America/New_York").timeZone());
        assertEquals(ZoneId.of("+02:00"), ScoringConfig.DEFAULT.with("timeZone", "+02:00").timeZone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoringConfig.DEFAULT.with("timeZone", "Mars/Olympus_Mons"));
        assertTrue(e.getMessage().contains("'Mars/Olympus_Mons' is not a time zone"), e.getMessage());
    }
}
