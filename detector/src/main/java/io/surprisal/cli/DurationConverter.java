package io.surprisal.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one way every duration option is read: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 2d}
 * as people type them, and ISO-8601 ({@code PT60S}, {@code P2D}) as the older options documented. Every
 * {@link Duration} option names it ({@code converter = DurationConverter.class}), so commands built on
 * their own, as tests do, read durations the same way as {@code surprisal}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    static final String SYNTAX = "use e.g. 60s, 5m, 1h, 2d or ISO-8601 PT60S";
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** The duration {@code text} names; a {@link TypeConversionException} (a usage error) when it names none. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Duration d = t.startsWith("p") || t.startsWith("-p") ? iso(t) : shortForm(t);
        if (d == null) {
            throw new TypeConversionException("'" + text + "' is not a duration (" + SYNTAX + ")");
        }
        if (d.isNegative()) {
            throw new TypeConversionException("'" + text + "' is negative; a duration must be 0 or more");
        }
        return d;
    }

    private static Duration iso(String t) {
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration shortForm(String t) {
        Matcher m = SHORT.matcher(t);
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            return null;
        }
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException overflow) {
            return null;
        }
    }
}
