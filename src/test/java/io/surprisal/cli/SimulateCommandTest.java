package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

    @Test
    void helpListsEveryOption() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute("--help"));
        for (String option : new String[] {"--bootstrap-servers", "--topic", "--series", "--points-per-series",
                "--rate", "--seed", "--anomalies-out", "--producer-property"}) {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
    }

    @Test
    void bootstrapServersAreRequired() {
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(CommandLine.ExitCode.USAGE, cli.execute("--series", "3"));
    }

    @Test
    void aSeriesCountBelowOneIsAUsageError() {
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(CommandLine.ExitCode.USAGE, cli.execute("--bootstrap-servers", "127.0.0.1:1", "--series", "0"));
    }
}
