package io.surprisal.state;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesStateSerdeTest {
    private final SeriesStateSerde serde = new SeriesStateSerde();

    static SeriesState filled(int hidden, boolean lstm, int k, int pushes) {
        SeriesState s = new SeriesState(hidden, lstm, k);
        s.modelId = 0x1234_5678;
        s.lastTs = 1_767_225_600_123L;
        s.count = 777;
        s.lastValue = 71.3f;
        s.mean = 70.123456789;
        s.variance = 2.5f;
        s.logInterval = 4.1f;
        s.predMean = 0.3f;
        s.predLogStd = -0.7f;
        s.surprisal.shortAverage = 1.2f;
        s.surprisal.longMean = 1.1f;
        s.surprisal.longVariance = 0.04f;
        s.surprisal.visitPeak = 1.5f; // half precision, as the likelihood holds it
        s.lowest = 12.5f;
        s.highest = 99.25f;
        for (int i = 0; i < SeriesState.HOURS; i++) {
            s.hourly()[i] = 0.25f + i / 64f;
        }
        for (int i = 0; i < SeriesState.HOURS; i++) {
            s.daily.usual[i] = 1000.5f + 3 * i;
            s.daily.counts[i] = (short) (10 * i + 15);
            s.daily.visits[i] = (short) (3 * i + 1);
            s.daily.variance[i] = 2.5f + i;
        }
        s.daily.counts[0] = DailyProfile.MAX_COUNT;
        s.daily.residualVariance = 17.25f;
        s.daily.level = 990.125;
        s.daily.updates = 5000;
        s.daily.surprisal.shortAverage = 0.5f;
        s.daily.surprisal.longMean = 0.45f;
        s.daily.surprisal.longVariance = 0.01f;
        for (int i = 0; i < hidden; i++) {
            s.h()[i] = i / 10f - 1;
        }
        s.roundHidden(); // as the detector holds it
        for (int i = 0; i < s.c().length; i++) {
            s.c()[i] = i * 0.25f;
        }
        for (int i = 0; i < pushes; i++) {
            s.pushHistory(SeriesState.quantize(Math.sin(i)));
        }
        return s;
    }

    static void assertSame(SeriesState a, SeriesState b) {
        assertEquals(a.modelId, b.modelId);
        assertEquals(a.lastTs, b.lastTs);
        assertEquals(a.count, b.count);
        assertEquals(a.lastValue, b.lastValue);
        assertEquals(a.mean, b.mean);
        assertEquals(a.variance, b.variance);
        assertEquals(a.logInterval, b.logInterval);
        assertEquals(a.predMean, b.predMean);
        assertEquals(a.predLogStd, b.predLogStd);
        assertEquals(a.surprisal.shortAverage, b.surprisal.shortAverage);
        assertEquals(a.surprisal.longMean, b.surprisal.longMean);
        assertEquals(a.surprisal.longVariance, b.surprisal.longVariance);
        assertEquals(a.surprisal.visitPeak, b.surprisal.visitPeak);
        assertEquals(a.redRun, b.redRun);
        assertEquals(a.inRedEpisode, b.inRedEpisode);
        assertEquals(a.lastFiredLogTail, b.lastFiredLogTail);
        assertEquals(a.lowest, b.lowest);
        assertEquals(a.highest, b.highest);
        assertEquals(a.inputPartition, b.inputPartition);
        assertEquals(a.inputOffset, b.inputOffset);
        assertArrayEquals(a.hourly(), b.hourly());
        assertEquals(a.daily.level, b.daily.level);
        assertArrayEquals(a.daily.usual, b.daily.usual);
        assertArrayEquals(a.daily.counts, b.daily.counts);
        assertArrayEquals(a.daily.visits, b.daily.visits);
        assertArrayEquals(a.daily.variance, b.daily.variance);
        assertArrayEquals(a.daily.weekend, b.daily.weekend);
        assertArrayEquals(a.daily.weekendCounts, b.daily.weekendCounts);
        assertEquals(a.daily.residualVariance, b.daily.residualVariance);
        assertEquals(a.daily.updates, b.daily.updates);
        assertEquals(a.daily.surprisal.shortAverage, b.daily.surprisal.shortAverage);
        assertEquals(a.daily.surprisal.longMean, b.daily.surprisal.longMean);
        assertEquals(a.daily.surprisal.longVariance, b.daily.surprisal.longVariance);
        assertEquals(a.recent.points, b.recent.points);
        assertEquals(a.recent.level, b.recent.level);
        assertEquals(a.recent.variance, b.recent.variance);
        assertEquals(a.recent.surprisal.shortAverage, b.recent.surprisal.shortAverage);
        assertEquals(a.recent.surprisal.longMean, b.recent.surprisal.longMean);
        assertEquals(a.recent.surprisal.longVariance, b.recent.surprisal.longVariance);
        assertArrayEquals(a.h(), b.h());
        assertArrayEquals(a.c(), b.c());
        assertEquals(a.historyCapacity(), b.historyCapacity());
        assertEquals(a.historySize(), b.historySize());
        for (int i = 0; i < a.historySize(); i++) {
            assertEquals(a.historyAt(i), b.historyAt(i));
        }
        assertEquals(a.seasonal.capacity(), b.seasonal.capacity());
        assertEquals(a.seasonal.size(), b.seasonal.size());
        for (int i = 0; i < a.seasonal.size(); i++) {
            assertEquals(a.seasonal.at(i), b.seasonal.at(i));
        }
        assertEquals(a.seasonal.blockSum, b.seasonal.blockSum);
        assertEquals(a.seasonal.blockCount, b.seasonal.blockCount);
        assertEquals(a.seasonal.residualVariance, b.seasonal.residualVariance);
        assertEquals(a.seasonal.redRun, b.seasonal.redRun);
        assertEquals(a.repeats, b.repeats);
        assertEquals(a.longestRepeats, b.longestRepeats);
        assertEquals(a.repeatRate, b.repeatRate);
        assertEquals(a.seasonal.runPeak, b.seasonal.runPeak);
        assertEquals(a.seasonal.shapeMean, b.seasonal.shapeMean);
        assertEquals(a.seasonal.shapeVariance, b.seasonal.shapeVariance);
    }

    /** A state whose model has a period model of {@code lags} blocks, {@code blocks} of them seen. */
    static SeriesState withPeriodMemory(int lags, int blocks) {
        SeriesState s = filled(32, false, 64, 64);
        s.seasonal.reshape(lags);
        for (int i = 0; i < blocks; i++) {
            s.seasonal.push(SeriesState.quantize(Math.cos(i / 3.0)));
        }
        s.seasonal.blockSum = -2.75f;
        s.seasonal.blockCount = 3;
        s.seasonal.residualVariance = 0.0625f;
        s.seasonal.redRun = 2;
        s.seasonal.runPeak = -14.5f;
        s.seasonal.shapeMean = 1.25f;
        s.seasonal.shapeVariance = 0.0625f;
        return s;
    }

    @Test
    void roundTripsTheRunOfRepeatsAndTheirRate() {
        SeriesState s = filled(32, false, 64, 64);
        s.repeats = 4;
        s.longestRepeats = 3;
        s.repeatRate = Half.round(0.0123f);
        assertSame(s, serde.deserialize(serde.serialize(s)));
        byte[] bytes = serde.serialize(s);
        bytes[bytes.length - 2] = (byte) 0x7e; // a NaN rate
        assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
    }

    @Test
    void roundTripsThePeriodModelsMemoryWithAWrappedRing() {
        SeriesState s = withPeriodMemory(32, 45);
        assertSame(s, serde.deserialize(serde.serialize(s)));
    }

    @Test
    void thePeriodModelsMemoryCosts25BytesAndTwoABlock() {
        SeriesState s = withPeriodMemory(32, 32);
        assertEquals(587 + 25 + 64, serde.serialize(s).length);
        assertEquals(587 + 25 + 64, SeriesStateSerde.size(s));
        SeriesState partial = withPeriodMemory(32, 5);
        assertEquals(587 + 25 + 10, serde.serialize(partial).length);
        assertSame(partial, serde.deserialize(serde.serialize(partial)));
    }

    @Test
    void readingAStateWithoutPeriodMemoryEmptiesAReusedOne() {
        SeriesState target = withPeriodMemory(16, 20);
        SeriesState s = filled(32, false, 64, 64);
        serde.readInto(serde.serialize(s), target);
        assertEquals(0, target.seasonal.capacity());
        assertSame(s, target);
    }

    @Test
    void aPeriodMemoryLongerThanItsRingIsGarbage() {
        byte[] bytes = serde.serialize(withPeriodMemory(8, 8));
        int sizeAt = bytes.length - SeriesStateSerde.REPEAT_BYTES - SeriesStateSerde.SEASONAL_BYTES - 2 * 8 + 1;
        bytes[sizeAt] = 9;
        assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
    }

    @Test
    void roundTripsAGruStateWithAWrappedHistory() {
        SeriesState s = filled(32, false, 64, 100);
        assertSame(s, serde.deserialize(serde.serialize(s)));
    }

    @Test
    void roundTripsAnLstmStateWithAPartialHistory() {
        SeriesState s = filled(16, true, 64, 10);
        assertSame(s, serde.deserialize(serde.serialize(s)));
    }

    @Test
    void readIntoReusesAnInstanceOfAnotherShape() {
        SeriesState target = filled(8, true, 4, 4);
        SeriesState s = filled(32, false, 64, 70);
        serde.readInto(serde.serialize(s), target);
        assertSame(s, target);
    }

    @Test
    void fullGruStateAtH32K64Is587Bytes() {
        SeriesState s = filled(32, false, 64, 64);
        assertEquals(587, serde.serialize(s).length);
        assertEquals(587, SeriesStateSerde.size(s));
    }

    /** A series that has seen a weekend keeps what each hour adds on one: 120 bytes more, 707 in all at most. */
    @Test
    void theWeekendPartIsStoredOnceLearned() {
        SeriesState s = filled(32, false, 64, 64);
        for (int i = 0; i < SeriesState.HOURS; i++) {
            s.daily.weekend[i] = -250.5f + 7 * i;
            s.daily.weekendCounts[i] = (short) (i == 3 ? DailyProfile.MAX_COUNT : 2 * i);
        }
        byte[] bytes = serde.serialize(s);
        assertEquals(707, bytes.length);
        assertEquals(707, SeriesStateSerde.size(s));
        assertEquals(707, SeriesStateSerde.maxSize(32, false, 64));
        assertSame(s, serde.deserialize(bytes));

        SeriesState withPeriod = withPeriodMemory(32, 40);
        System.arraycopy(s.daily.weekend, 0, withPeriod.daily.weekend, 0, SeriesState.HOURS);
        System.arraycopy(s.daily.weekendCounts, 0, withPeriod.daily.weekendCounts, 0, SeriesState.HOURS);
        assertSame(withPeriod, serde.deserialize(serde.serialize(withPeriod)));
    }

    @Test
    void aWeekendPartWithoutADailyProfileIsGarbage() {
        SeriesState s = filled(32, false, 64, 64);
        s.daily.clear();
        byte[] bytes = serde.serialize(s);
        int flags = SeriesStateSerde.FIXED_BYTES - 8; // flags, redRun, u16 hidden, then after h: u16 capacity, u16 size
        bytes[flags] |= 16;
        assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
    }

    /** A series in a red episode keeps the level the episode last fired at: 4 bytes, only while the episode lasts. */
    @Test
    void aRedEpisodeStoresTheLevelItLastFiredAt() {
        SeriesState s = inRedEpisode(filled(32, false, 64, 64));
        byte[] bytes = serde.serialize(s);
        assertEquals(587 + 4, bytes.length);
        assertEquals(587 + 4, SeriesStateSerde.size(s));
        assertSame(s, serde.deserialize(bytes));
    }

    @Test
    void aRedRunOutsideARedEpisodeIsGarbage() {
        SeriesState s = inRedEpisode(filled(32, false, 64, 64));
        s.inRedEpisode = false;
        s.lastFiredLogTail = 0;
        byte[] bytes = serde.serialize(s); // a run of 7 red points, but no episode
        assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
    }

    @Test
    void anEpisodeThatFiredAboveCertaintyIsGarbage() {
        SeriesState s = inRedEpisode(filled(32, false, 64, 64));
        s.lastFiredLogTail = 0.5f; // a log tail probability is never positive
        byte[] bytes = serde.serialize(s);
        assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
    }

    /** Until its daily profile judges, a series keeps its recent level: 28 bytes, and none once the profile judges. */
    @Test
    void theRecentLevelIsStoredWhileInUse() {
        SeriesState s = withRecentLevel(filled(32, false, 64, 64));
        byte[] bytes = serde.serialize(s);
        assertEquals(587 + 28, bytes.length);
        assertEquals(587 + 28, SeriesStateSerde.size(s));
        SeriesState back = serde.deserialize(bytes);
        assertSame(s, back);
        s.recent.clear();
        assertEquals(587, serde.serialize(s).length);
        serde.readInto(serde.serialize(s), back);
        assertFalse(back.recent.inUse(), "reading a state without a recent level empties a reused one");
    }

    @Test
    void aRecentLevelWithoutPointsIsGarbage() {
        SeriesState s = withRecentLevel(filled(32, false, 64, 64));
        byte[] bytes = serde.serialize(s);
        int at = bytes.length - SeriesStateSerde.LEVEL_BYTES;
        bytes[at] = bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0; // points = 0: a level in use has learned some
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
        assertTrue(e.getMessage().contains("recent level"), e.getMessage());
    }

    /** Format 8 is format 9 without a recent level: its states read as they are, and it cannot flag one. */
    @Test
    void theFormatBeforeTheRecentLevelIsRead() {
        SeriesState s = inRedEpisode(filled(32, false, 64, 64));
        byte[] bytes = serde.serialize(s);
        bytes[0] = 8;
        assertSame(s, serde.deserialize(bytes));
        assertEquals(s.lastTs, SeriesStateSerde.lastTs(bytes));
        byte[] withLevel = serde.serialize(withRecentLevel(filled(32, false, 64, 64)));
        withLevel[0] = 8;
        assertThrows(CorruptStateException.class, () -> serde.deserialize(withLevel));
    }

    /** Under at-least-once a state keeps where its newest point came from: 12 bytes, and none without it. */
    @Test
    void theInputPositionIsStoredWhenKnown() {
        SeriesState s = filled(32, false, 64, 64);
        s.inputPartition = 3;
        s.inputOffset = 5_000_000_123L;
        byte[] bytes = serde.serialize(s);
        assertEquals(587 + 12, bytes.length);
        assertEquals(587 + 12, SeriesStateSerde.size(s));
        SeriesState back = serde.deserialize(bytes);
        assertSame(s, back);
        s.inputPartition = -1;
        s.inputOffset = -1;
        serde.readInto(serde.serialize(s), back);
        assertEquals(-1, back.inputPartition, "reading a state without a position empties a reused one");
        assertEquals(-1, back.inputOffset);
    }

    @Test
    void aNegativeInputPositionIsGarbage() {
        SeriesState s = filled(32, false, 64, 64);
        s.inputPartition = 0;
        s.inputOffset = 7;
        byte[] bytes = serde.serialize(s);
        bytes[bytes.length - 1] = (byte) 0xff;
        bytes[bytes.length - 8] = (byte) 0xff; // offset -1
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
        assertTrue(e.getMessage().contains("input position"), e.getMessage());
    }

    /** Format 9 is format 10 without an input position: its states read as they are, and it cannot flag one. */
    @Test
    void theFormatBeforeTheInputPositionIsRead() {
        SeriesState s = withRecentLevel(inRedEpisode(filled(32, false, 64, 64)));
        byte[] bytes = serde.serialize(s);
        bytes[0] = 9;
        assertSame(s, serde.deserialize(bytes));
        assertEquals(s.lastTs, SeriesStateSerde.lastTs(bytes));
        SeriesState placed = filled(32, false, 64, 64);
        placed.inputPartition = 1;
        placed.inputOffset = 2;
        byte[] withPosition = serde.serialize(placed);
        withPosition[0] = 9;
        assertThrows(CorruptStateException.class, () -> serde.deserialize(withPosition));
    }

    private static SeriesState withRecentLevel(SeriesState s) {
        s.recent.points = 120;
        s.recent.level = 41.25;
        s.recent.variance = 2.5f;
        s.recent.surprisal.shortAverage = 0.5f;
        s.recent.surprisal.longMean = 0.4f;
        s.recent.surprisal.longVariance = 0.01f;
        return s;
    }

    private static SeriesState inRedEpisode(SeriesState s) {
        s.redRun = 7;
        s.inRedEpisode = true;
        s.lastFiredLogTail = -31.5f;
        return s;
    }

    @Test
    void anEmptyDailyProfileIsNotStored() {
        SeriesState s = filled(32, false, 64, 64);
        s.daily.clear();
        assertEquals(319, serde.serialize(s).length);
        assertEquals(319, SeriesStateSerde.size(s));
        assertSame(s, serde.deserialize(serde.serialize(s)));
    }

    /** Where the red run is stored: after the flags, before the hidden size and the history capacity and size. */
    private static final int RED_RUN_AT = SeriesStateSerde.FIXED_BYTES - 2 - 2 - 2 - 1;

    @Test
    void aRedRunWithoutItsFlagIsGarbage() {
        SeriesState s = inRedEpisode(filled(4, false, 8, 3));
        byte[] bytes = serde.serialize(s);
        bytes[RED_RUN_AT - 1] &= ~1;
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
        assertTrue(e.getMessage().contains("flags="), e.getMessage());
    }

    @Test
    void aNonFiniteDailyProfileIsGarbage() {
        SeriesState s = filled(4, false, 8, 3);
        s.daily.usual[5] = Float.NaN;
        byte[] bytes = serde.serialize(s);
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
        assertTrue(e.getMessage().contains("daily usual value"), e.getMessage());
    }

    @Test
    void theHiddenVectorIsStoredAtHalfPrecision() {
        SeriesState s = filled(4, false, 8, 3);
        s.h()[0] = 0.1f; // not yet rounded: the stored form keeps the nearest half value
        SeriesState back = serde.deserialize(serde.serialize(s));
        assertEquals(Half.round(0.1f), back.h()[0]);
        assertEquals(0.1f, back.h()[0], 1e-4f);
    }

    @Test
    void everyTruncationIsAClearError() {
        byte[] bytes = serde.serialize(filled(32, false, 64, 64));
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(cut), "length " + len);
            assertTrue(e.getMessage().startsWith("series state"), e.getMessage());
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = serde.serialize(filled(4, false, 8, 3));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        assertThrows(CorruptStateException.class, () -> serde.deserialize(longer));
    }

    @Test
    void unknownVersionIsRejected() {
        byte[] bytes = serde.serialize(filled(4, false, 8, 3));
        bytes[0] = SeriesStateSerde.VERSION + 1;
        CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
        assertTrue(e.getMessage().contains("format " + (SeriesStateSerde.VERSION + 1)), e.getMessage());
    }

    @Test
    void anEarlierFormatHasNoReader() {
        // Formats 1-7 were never released: their states read as unreadable (the series starts afresh), never as a wrong state.
        for (byte earlier = 1; earlier < SeriesStateSerde.VERSION_WITHOUT_LEVEL; earlier++) {
            byte[] bytes = serde.serialize(filled(4, false, 8, 3));
            bytes[0] = earlier;
            CorruptStateException e = assertThrows(CorruptStateException.class, () -> serde.deserialize(bytes));
            assertTrue(e.getMessage().contains("earlier format"), e.getMessage());
            assertThrows(CorruptStateException.class, () -> SeriesStateSerde.lastTs(bytes));
        }
    }

    @Test
    void randomGarbageNeverYieldsAState() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(400)];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = (byte) r.nextInt(256);
            }
            if (junk.length > 0) {
                junk[0] = SeriesStateSerde.VERSION;
            }
            try {
                SeriesState s = serde.deserialize(junk);
                // Only a byte string of exactly the right shape may pass; it must then re-serialise to itself.
                assertArrayEquals(junk, serde.serialize(s));
            } catch (CorruptStateException expected) {
                // the normal outcome
            }
        }
    }

    @Test
    void lastTsReadsTheTimestampAlone() {
        SeriesState s = filled(4, false, 8, 3);
        assertEquals(s.lastTs, SeriesStateSerde.lastTs(serde.serialize(s)));
    }
}
