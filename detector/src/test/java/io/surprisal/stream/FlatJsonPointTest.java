package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The usual json record is read without a tree ({@link FlatJsonPoint}), and that must change nothing: on records
 * built from the field values users send and the ones they get wrong, and on those cut short or with a byte
 * changed, the parser with the flat path gives exactly what the tree alone gives: the same points (series,
 * timestamp, value to the bit, key match) or the same refusal (reason and message).
 */
class FlatJsonPointTest {
    static final long NOW = Instant.parse("2026-12-06T00:00:00Z").toEpochMilli();
    static final String DEFAULT = "  format: json\n";
    static final String SECONDS = "  format: json\n  timestampUnit: s\n";
    static final String KAFKA_TIME = "  format: json\n  timestamp: kafka\n";

    static final List<String> KEYS = List.of("series", "ts", "value", "host", "séries", "a\\\"b", "");
    static final List<String> SERIES = List.of("\"plant1/pump07/temp\"", "\"\"", "\"a\\u0041\"", "\"pompe-é\"",
            "12", "null", "{\"x\":1}", "[1]", "\"" + "s".repeat(300) + "\"", "\"tab\there\"");
    static final List<String> TIMESTAMPS = List.of("\"2026-11-24T12:00:00Z\"", "\"2026-11-24T12:00:00.123456Z\"",
            "\"2026-11-24T12:00:00+01:00\"", "\"2026-11-24T12:00:00\"", "\"garbage\"", "\"\"", "1764072000000",
            "1764072000", "1.5e12", "-0", "-5", "99999999999999999999", "null", "\"2026-02-30T00:00:00Z\"");
    static final List<String> VALUES = List.of("1", "-0", "0.5", "-0.0", "70.25", "1e400", "1E-5", "-2.5e+3", "01", "1.",
            ".5", "NaN", "-Infinity", "\"70.2\"", "\" 3 \"", "true", "null", "123456789012345678901234",
            "9007199254740993", "1.7976931348623157e308", "4.9e-324", "0.1000000000000000055511151231257827",
            "1" + "0".repeat(120), "1e99999");
    static final List<String> OTHERS = List.of("true", "false", "null", "\"x\"", "{}", "[]", "3", "tru", "\"\\n\"");
    static final List<String> SPACES = List.of("", " ", "\n\t", "\r\n  ");

    @Property(tries = 3000)
    void theFlatPathReadsEveryRecordAsTheTreeDoes(@ForAll("records") byte[] record, @ForAll("inputs") String input)
            throws Exception {
        assertEquals(outcome(input, record, false), outcome(input, record, true), new String(record, StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void theUsualRecordTakesTheFlatPath(@ForAll("usualRecords") byte[] record) {
        assertTrue(new FlatJsonPoint("series", "ts", "value").read(record), new String(record, StandardCharsets.UTF_8));
    }

    @Test
    void anIntegerValueIsTheDoubleOfItsExactValueAsTheTreeReadsIt() throws Exception {
        byte[] negativeZero = "{\"series\":\"a\",\"ts\":1764072000000,\"value\":-0}".getBytes(StandardCharsets.UTF_8);
        FlatJsonPoint flat = new FlatJsonPoint("series", "ts", "value");
        assertTrue(flat.read(negativeZero));
        assertEquals(0.0, flat.value()); // +0.0: assertEquals on doubles tells the zeros apart
        assertEquals(outcome(DEFAULT, negativeZero, false), outcome(DEFAULT, negativeZero, true));
    }

    @Test
    void recordsBeyondThePlainShapeTakeTheTree() {
        FlatJsonPoint flat = new FlatJsonPoint("series", "ts", "value");
        for (String json : List.of(
                "{\"series\":\"a\",\"ts\":1,\"value\":1,\"meta\":{\"rack\":3}}", // nested
                "{\"series\":\"a\\u0041\",\"ts\":1,\"value\":1}", // an escape
                "{\"series\":\"a\",\"ts\":1,\"value\":1,\"series\":\"b\"}", // a duplicate key
                "{\"series\":\"a\",\"ts\":1,\"value\":\"1\"}", // the value as text
                "{\"series\":\"a\",\"ts\":1,\"value\":1} {}", // trailing text
                "{\"series\":\"a\",\"ts\":1}")) { // no value
            assertFalse(flat.read(json.getBytes(StandardCharsets.UTF_8)), json);
        }
    }

    @Test
    void inputsThatReadMoreThanThreeTopLevelFieldsHaveNoFlatPath() throws Exception {
        for (String input : List.of("  series: device.id\n", "  tags: [site]\n", "  measurements: [temp, rpm]\n",
                "  seriesTemplate: \"{site}/{device}\"\n")) {
            TopologySpec.Input spec = TopologySpec.parse("input:\n" + input).input;
            assertNull(FlatJsonPoint.forInput(spec, FieldPaths.of(spec)), input);
        }
    }

    /** What a parse gives: its points and key match, or its refusal, as comparable text. */
    static String outcome(String input, byte[] record, boolean flatPath) throws Exception {
        TopologySpec.Input spec = TopologySpec.parse("input:\n" + input).input;
        JsonRecordParser parser = new JsonRecordParser(spec, new PointChecks(spec, () -> NOW), flatPath);
        ParseOutput out = new ParseOutput();
        try {
            parser.parse("plant1/pump07/temp".getBytes(StandardCharsets.UTF_8), record, NOW - 1000, out);
        } catch (BadRecordException e) {
            return "refused " + e.reason() + ": " + e.getMessage();
        }
        List<String> points = new ArrayList<>();
        for (PointParser.ParsedPoint p : out.points()) {
            points.add(p.series() + " " + p.ts() + " " + Double.doubleToRawLongBits(p.value()) + " " + p.tags());
        }
        return "points " + points + " keyMatched=" + out.keyMatched();
    }

    @Provide
    Arbitrary<String> inputs() {
        return Arbitraries.of(DEFAULT, SECONDS, KAFKA_TIME);
    }

    @Provide
    Arbitrary<byte[]> usualRecords() {
        Arbitrary<String> series = Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMinLength(1)
                .ofMaxLength(60);
        Arbitrary<String> ts = Arbitraries.oneOf(Arbitraries.longs().between(0, 4_000_000_000_000L).map(String::valueOf),
                Arbitraries.of(TIMESTAMPS.get(0), TIMESTAMPS.get(1)));
        Arbitrary<String> value = Arbitraries.doubles().between(-1e9, 1e9).map(String::valueOf);
        return Combinators.combine(series, ts, value, Arbitraries.of(SPACES))
                .as((s, t, v, sp) -> ("{" + sp + "\"series\":" + sp + "\"" + s + "\"," + sp + "\"ts\":" + t + ",\"value\":" + v
                        + sp + "}").getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> records() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of(SERIES).map(v -> "\"series\":" + v),
                Arbitraries.of(TIMESTAMPS).map(v -> "\"ts\":" + v),
                Arbitraries.of(VALUES).map(v -> "\"value\":" + v),
                Combinators.combine(Arbitraries.of(KEYS), Arbitraries.of(OTHERS)).as((k, v) -> "\"" + k + "\":" + v));
        Arbitrary<String> usual = Combinators.combine(Arbitraries.of(SERIES.subList(0, 2)), Arbitraries.of(TIMESTAMPS),
                        Arbitraries.of(VALUES))
                .as((s, t, v) -> "\"series\":" + s + ",\"ts\":" + t + ",\"value\":" + v);
        Arbitrary<String> body = Combinators.combine(usual, field.list().ofMaxSize(4), Arbitraries.of(SPACES),
                        Arbitraries.integers().between(0, 4))
                .as((u, extra, sp, at) -> {
                    List<String> fields = new ArrayList<>(extra);
                    fields.add(Math.min(at, fields.size()), u);
                    return sp + "{" + sp + String.join("," + sp, fields) + sp + "}" + sp;
                });
        return Combinators.combine(body, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 255))
                .as(FlatJsonPointTest::mutate);
    }

    /** The record as it is (three times in six), cut short, with one byte changed, or with something after it. */
    static byte[] mutate(String json, int how, int where, int what) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int at = where % Math.max(1, b.length);
        return switch (how) {
            case 3 -> java.util.Arrays.copyOf(b, at);
            case 4 -> {
                byte[] c = b.clone();
                c[at] = (byte) what;
                yield c;
            }
            case 5 -> (json + (what % 2 == 0 ? " {}" : "x")).getBytes(StandardCharsets.UTF_8);
            default -> b;
        };
    }
}
