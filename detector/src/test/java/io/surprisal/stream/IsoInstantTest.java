package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The quick ISO-8601 reader agrees with java.time wherever it answers, and leaves the rest to it. */
class IsoInstantTest {

    static long quick(String s) {
        return IsoInstant.parseUtcMillis(s.toCharArray(), 0, s.length());
    }

    @Property(tries = 3000)
    void agreesWithJavaTimeOnEveryInstantItPrints(@ForAll("instants") Instant at) throws Exception {
        String s = at.toString(); // 0, 3, 6 or 9 fraction digits, as producers print them
        assertEquals(PointParser.parseInstant(s), quick(s), s);
    }

    @Property(tries = 1000)
    void agreesWithJavaTimeOnEveryFractionLength(@ForAll("instants") Instant at, @ForAll("fractionDigits") int digits) throws Exception {
        String base = at.toString().substring(0, 19);
        String fraction = String.format("%09d", at.getNano()).substring(0, digits);
        String s = base + (digits == 0 ? "" : "." + fraction) + "Z";
        assertEquals(PointParser.parseInstant(s), quick(s), s);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                        Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
                .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    }

    @Provide
    Arbitrary<Integer> fractionDigits() {
        return Arbitraries.integers().between(0, 9);
    }

    @Test
    void whatItDoesNotReadIsLeftToJavaTime() {
        for (String s : new String[]{"2026-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-12-31T23:59:60Z", "2026-11-24T12:00:00",
                "2026-11-24T12:00:00+01:00", "2026-11-24t12:00:00Z", "2026-11-24T12:00:00z", "2026-11-24 12:00:00Z",
                "2026-11-24T12:00:00.Z", "2026-11-24T12:00:00.1234567890Z", "+300000000-01-01T00:00:00Z", "2026-1-24T12:00:00Z"}) {
            assertEquals(IsoInstant.NOT_SIMPLE, quick(s), s);
        }
    }

    @Property(tries = 1000)
    void aStringReadsAsJavaTimeReadsIt(@ForAll("instants") Instant at) throws Exception {
        String s = at.toString();
        assertEquals(PointParser.parseInstant(s), IsoInstant.millis(s), s);
    }

    @Test
    void aStringItDoesNotReadGoesToJavaTimeWithItsVerdict() throws Exception {
        assertEquals(PointParser.parseInstant("2026-11-24T12:00:00+01:00"), IsoInstant.millis("2026-11-24T12:00:00+01:00"));
        assertEquals(PointParser.parseInstant("2026-11-24 12:00:00"), IsoInstant.millis("2026-11-24 12:00:00"));
        BadRecordException e = assertThrows(BadRecordException.class, () -> IsoInstant.millis("2026-02-29T00:00:00Z"));
        BadRecordException expected = assertThrows(BadRecordException.class, () -> PointParser.parseInstant("2026-02-29T00:00:00Z"));
        assertEquals(expected.getMessage(), e.getMessage());
    }

    @Test
    void aLeapDayIsADay() throws Exception {
        assertEquals(PointParser.parseInstant("2024-02-29T23:59:59.999Z"), quick("2024-02-29T23:59:59.999Z"));
    }
}
