package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"60s, PT60S", "5m, PT5M", "1h, PT1H", "2d, P2D", "500ms, PT0.5S", "0s, PT0S", "PT60S, PT60S",
            "pt1h30m, PT1H30M", "P2D, P2D", " 10S , PT10S", "90m, PT1H30M"})
    void readsShortFormsAndIso(String text, String iso) {
        assertEquals(Duration.parse(iso), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "60", "5x", "1.5h", "m", "-5m", "PT-5M", "1h30m", "99999999999999999999d", "P"})
    void refusesWhatIsNotADurationWithTheSyntaxInTheMessage(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> DurationConverter.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    /** Every Duration option of every command uses this converter, so no option reads durations its own way. */
    @Test
    void everyDurationOptionOfEveryCommandUsesIt() {
        List<String> durationOptions = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : LabMain.commandLine(Map.of()).getSubcommands().entrySet()) {
            for (OptionSpec option : command.getValue().getCommandSpec().options()) {
                if (option.type() == Duration.class) {
                    String name = command.getKey() + " " + option.longestName();
                    durationOptions.add(name);
                    assertTrue(option.converters().length == 1 && option.converters()[0] instanceof DurationConverter,
                            name + " must name converter = DurationConverter.class");
                }
            }
        }
        assertTrue(durationOptions.containsAll(List.of("demo --duration", "train --every", "simulate --interval",
                "simulate --progress-every")), durationOptions.toString());
        String readme = readmeSection("### Durations");
        for (String option : durationOptions) {
            assertTrue(readme.contains("`" + option + "`") || readme.contains("`" + option.split(" ")[1] + "`"),
                    option + " is listed in the README's Durations section");
        }
    }

    @Test
    void noOptionTakesADurationAsText() {
        // A String option named like a duration would be parsed by hand again (train --every once was).
        for (CommandLine command : LabMain.commandLine(Map.of()).getSubcommands().values()) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                String name = option.longestName();
                if (name.equals("--every") || name.equals("--duration") || name.equals("--interval")) {
                    assertEquals(Duration.class, option.type(), command.getCommandName() + " " + name);
                }
            }
        }
    }

    @Test
    void demoAndTrainTakeTheShortForms() throws Exception {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs("--duration", "90s");
        assertEquals(Duration.ofSeconds(90), demo.duration);

        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--synthetic", "2", "--every", "1h");
        assertEquals(Duration.ofHours(1), train.every);
        new CommandLine(train).parseArgs("--synthetic", "2", "--every", "PT30M");
        assertEquals(Duration.ofMinutes(30), train.every);
    }


    private static String readmeSection(String heading) {
        try {
            String readme = Files.readString(Path.of(System.getProperty("surprisal.root", "")).toAbsolutePath().resolve("README.md"));
            int start = readme.indexOf(heading);
            assertTrue(start >= 0, heading + " in README.md");
            int end = readme.indexOf("\n#", start + heading.length());
            return readme.substring(start, end < 0 ? readme.length() : end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
