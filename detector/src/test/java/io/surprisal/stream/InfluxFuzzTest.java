package io.surprisal.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The influx format fuzzed through the whole topology: its lines for the properties of {@link LineFormatFuzz}. */
class InfluxFuzzTest extends LineFormatFuzz {

    InfluxFuzzTest() {
        super("influx");
    }

    @Override
    Arbitrary<byte[]> linesOfNoise() {
        Arbitrary<String> token = Arbitraries.oneOf(
                Arbitraries.of("cpu", "m", ",", " ", "=", "\\", "\"", "\n", "\r\n", "#", "1", "-", ".", "e", "i", "u", "t",
                        "NaN", "9223372036854775808", String.valueOf((NOW - 1000) * 1_000_000L), "\u00e9", "\u0000"),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<byte[]> structured = token.list().ofMaxSize(40).map(ts -> String.join("", ts).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(structured, Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Override
    Arbitrary<List<Line>> records() {
        return Arbitraries.oneOf(goodLine(), goodLine(), badLine()).list().ofMinSize(1).ofMaxSize(6);
    }

    private static Arbitrary<String> name(String escapes) {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4),
                Arbitraries.of(escapes.split("\\|")));
        return piece.list().ofMinSize(1).ofMaxSize(3).map(ps -> String.join("", ps));
    }

    Arbitrary<Line> goodLine() {
        Arbitrary<String> measurement = name("\\,|\\ |x=y");
        Arbitrary<String> tagValue = name("\\,|\\ |\\=");
        Arbitrary<List<String>> tags = tagValue.list().ofMaxSize(3);
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(d -> Double.toString(d)),
                Arbitraries.longs().between(-1_000_000, 1_000_000).map(l -> l + "i"),
                Arbitraries.longs().between(0, 1_000_000).map(l -> l + "u"),
                Arbitraries.of("t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE", "1e3", "-0.5", ".5"));
        Arbitrary<String> string = Arbitraries.strings().ofMaxLength(8)
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + "\"");
        Arbitrary<List<String>> numbers = number.list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Boolean> withString = Arbitraries.of(true, false);
        Arbitrary<Long> ts = Arbitraries.longs().between(NOW - 86_400_000L * 300, NOW).map(ms -> ms * 1_000_000L);
        Arbitrary<Boolean> timed = Arbitraries.of(true, false);
        return Combinators.combine(measurement, tags, numbers, withString, ts, timed).as((m, tv, nums, str, t, hasTs) -> {
            StringBuilder b = new StringBuilder(m);
            for (int i = 0; i < tv.size(); i++) {
                b.append(",k").append(i).append('=').append(tv.get(i));
            }
            b.append(' ');
            for (int i = 0; i < nums.size(); i++) {
                b.append(i == 0 ? "" : ",").append("f").append(i).append('=').append(nums.get(i));
            }
            if (str) {
                b.append(",s=\"a \\\"quoted\\\", string\"");
            }
            if (hasTs) {
                b.append(' ').append(t);
            }
            return new Line(b.toString(), true, nums.size());
        });
    }

    Arbitrary<Line> badLine() {
        Arbitrary<String> bad = Arbitraries.of("cpu", "cpu usage", "cpu usage=", "cpu usage=hot", "cpu,host usage=1",
                "cpu usage=1 yesterday", "cpu usage=NaN", "cpu usage=1 1", "cpu usage=\"unclosed", "cpu u=1,u2",
                "cpu,a=1,a=2 u=1", "cpu u=12.5i", "cpu u=1e999", "cpu only=\"strings\"", ",tag=x u=1");
        return bad.map(s -> new Line(s, false, 0));
    }
}
