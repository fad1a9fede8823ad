package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are one line, "surprisal: ...", with exit code 2 for a wrong command line and 1 for a failed run. */
class OneLineErrorsTest {

    @TempDir
    Path dir;

    private final CliTestSupport cli = new CliTestSupport(Map.of());

    private void assertOneLine(String expectedStart) {
        String err = cli.err();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith(expectedStart), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace or class name: " + err);
    }

    @Test
    void aMissingSpecFileIsAFailedRun() {
        Path missing = dir.resolve("nope.yaml");

        assertEquals(1, cli.execute("topology", "--topology", missing.toString()));
        assertOneLine("surprisal: cannot read " + missing + ": ");
        assertTrue(cli.err().contains("No such file"), cli.err());
    }

    @Test
    void anUnknownFlagIsAUsageErrorNamingTheFlagAndTheHelp() {
        assertEquals(2, cli.execute("demo", "--durashun", "60s"));
        assertOneLine("surprisal: Unknown options: '--durashun'");
        assertTrue(cli.err().contains("surprisal demo --help"), cli.err());
    }

    @Test
    void aBadDurationIsAUsageErrorWithTheSyntax() {
        assertEquals(2, cli.execute("demo", "--duration", "60 seconds"));
        assertOneLine("surprisal: Invalid value for option '--duration'");
        assertTrue(cli.err().contains("use e.g. 60s, 5m, 1h, 2d or ISO-8601 PT60S"), cli.err());
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        assertEquals(2, cli.execute("run"));
        assertOneLine("surprisal: Missing required option: '--topology=<topology>'");
    }

    @Test
    void aValueTheCommandRefusesIsAUsageError() {
        assertEquals(2, cli.execute("simulate", "--bootstrap-servers", "127.0.0.1:1", "--series", "0"));
        assertOneLine("surprisal: --series must be at least 1");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(2, cli.execute("simulat"));
        assertOneLine("surprisal: Unmatched argument at index 0: 'simulat'");
    }

    @Test
    void helpIsNotAnError() {
        assertEquals(0, cli.execute("simulate", "--help"));
        assertEquals("", cli.err());
    }

    @Test
    void describeKeepsTheCauseOnTheSameLine() {
        KafkaException e = new KafkaException("sending points to points failed",
                new IOException("Connection refused\nmore detail on a second line"));

        assertEquals("sending points to points failed: Connection refused", OneLineErrors.describe(e));
        assertEquals("no such file: a.yaml", OneLineErrors.describe(new NoSuchFileException("a.yaml")));
        assertEquals("IllegalStateException", OneLineErrors.describe(new IllegalStateException()));
    }
}
