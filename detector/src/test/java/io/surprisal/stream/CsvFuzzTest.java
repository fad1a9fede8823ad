package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The csv format fuzzed through the whole topology: its lines for the properties of {@link LineFormatFuzz}. */
class CsvFuzzTest extends LineFormatFuzz {

    CsvFuzzTest() {
        super("csv");
    }

    @Override
    Arbitrary<byte[]> linesOfNoise() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("a", "plant/x", ",", " ", "\"", "\"\"", "\n", "\r\n", "\r", "1", "-", ".", "e", "NaN", "+Inf",
                        "series", "ts", "value", "2026-11-24T12:00:00Z", String.valueOf(NOW - 1000), "99999999999999999999",
                        "\u00e9", "\u0000"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<byte[]> structured = token.list().ofMaxSize(40).map(ts -> String.join("", ts).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(structured, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Override
    Arbitrary<List<Line>> records() {
        return Arbitraries.oneOf(goodLine(), goodLine(), badLine()).list().ofMinSize(1).ofMaxSize(6);
    }

    Arbitrary<Line> goodLine() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '.', '-', '_')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !s.equalsIgnoreCase("series"));
        Arbitrary<String> quoted = Arbitraries.strings().withCharRange('a', 'z').withChars(',', '"', '\n', ' ', '\u00e9')
                .ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank()).map(s -> "\"" + s.replace("\"", "\"\"") + "\"");
        Arbitrary<Long> ms = Arbitraries.longs().between(NOW - 86_400_000L * 300, NOW);
        Arbitrary<String> ts = Arbitraries.oneOf(ms.map(String::valueOf), ms.map(m -> Instant.ofEpochMilli(m).toString()),
                ms.map(m -> "\"" + Instant.ofEpochMilli(m) + "\""));
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d)),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.of("0", "-0.5", ".5", "1e3", " 7 ", "\"42.5\""));
        Arbitrary<String> end = Arbitraries.of("", "\r");
        return Combinators.combine(Arbitraries.oneOf(plain, quoted), ts, value, end)
                .as((s, t, v, e) -> new Line(s + "," + t + "," + v + e, true, 1));
    }

    Arbitrary<Line> badLine() {
        Arbitrary<String> bad = Arbitraries.of("a", "a,1", "a,1,2,3", "a,yesterday,1", "a,1,1", "," + NOW + ",1", "a,,1",
                "a," + NOW + ",", "a," + NOW + ",hot", "a," + NOW + ",NaN", "a," + NOW + ",1e999", "a\"b," + NOW + ",1",
                "\"a\"b," + NOW + ",1", "a," + NOW + ",0x10", "x".repeat(300) + "," + NOW + ",1", "name,time,reading");
        return bad.map(s -> new Line(s, false, 0));
    }
}
