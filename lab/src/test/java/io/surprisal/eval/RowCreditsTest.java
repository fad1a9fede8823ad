package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Window geometry is measured in rows, walking the file in order, as NAB's sweeper does. */
class RowCreditsTest {

    private static final double S_MINUS_ONE = NabRules.scaledSigmoid(-1.0);

    @Test
    void probationIsFifteenPercentCappedAtSevenHundredFiftyRows() {
        assertEquals(15, NabRules.probationLength(100));
        assertEquals(604, NabRules.probationLength(4032));
        assertEquals(750, NabRules.probationLength(5000));
        assertEquals(750, NabRules.probationLength(22695));
    }

    @Test
    void duplicatedTimestampInsideAWindowWidensItByARow() {
        // Minutes 0..9, with minute 5 repeated: 11 rows; the window spans minutes 2..8 = rows 2..9.
        long[] times = new long[11];
        for (int i = 0; i < times.length; i++) {
            times[i] = TestSeries.START + (i <= 5 ? i : i - 1) * TestSeries.MINUTE;
        }
        RowCredits credits = RowCredits.of(times, List.of(new NabWindow(times[2], times[9])));

        assertEquals(-1, credits.windowOf(1));
        assertEquals(0, credits.windowOf(2));
        assertEquals(0, credits.windowOf(9));
        assertEquals(-1, credits.windowOf(10));
        assertEquals(1.0, credits.credit(2), 1e-12);
        // width 8 rows: the last row sits at p = -1/8
        assertEquals(NabRules.scaledSigmoid(-1.0 / 8) / S_MINUS_ONE, credits.credit(9), 1e-12);
        // first row after: q = 1 / (8 - 1)
        assertEquals(NabRules.scaledSigmoid(1.0 / 7), credits.credit(10), 1e-12);
    }

    @Test
    void rowsBeforeAnyWindowAreFullFalsePositives() {
        long[] times = {1000, 2000, 3000, 4000};
        RowCredits credits = RowCredits.of(times, List.of(new NabWindow(3000, 4000)));
        assertEquals(-1.0, credits.credit(0));
        assertEquals(-1.0, credits.credit(1));
    }
}
