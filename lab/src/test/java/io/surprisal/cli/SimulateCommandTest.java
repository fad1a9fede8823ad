package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.surprisal.sim.SensorPoint;
import io.surprisal.sim.SensorSimulator;
import io.surprisal.sim.SimulatorSettings;

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
                "--rate", "--seed", "--anomalies-out", "--producer-property", "--start", "--interval", "--progress-every",
                "--status-file"}) {
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

    @Test
    void liveSettingsStartASecondBeforeNowInOneSecondTicks() {
        Instant now = Instant.parse("2026-12-06T02:30:15.700Z");

        SimulatorSettings live = SimulateCommand.live(SimulatorSettings.defaults(4, 1).withPointsPerSeries(0), now);
        SensorSimulator simulator = new SensorSimulator(live.withInterval(Duration.ofSeconds(1)));
        List<SensorPoint> first = simulator.nextBatch();

        assertEquals(Instant.parse("2026-12-06T02:30:14Z"), live.start());
        assertEquals(Duration.ofSeconds(1), live.tick());
        assertEquals(4, first.size(), "one point per series in the first second");
        assertTrue(first.stream().allMatch(p -> p.ts().isBefore(now)), "no point is stamped in the future: " + first);
        assertFalse(simulator.isFinished(), "live runs until stopped");
    }

    @Test
    void rateAndLiveStartDoNotGoTogether() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(err));

        assertEquals(CommandLine.ExitCode.USAGE,
                cli.execute("--bootstrap-servers", "127.0.0.1:1", "--start", "now", "--rate", "100"));
        assertTrue(err.toString().contains("--rate paces a replay"), err.toString());
    }

    @Test
    void aStartThatIsNeitherNowNorAnInstantIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(err));

        assertEquals(CommandLine.ExitCode.USAGE, cli.execute("--bootstrap-servers", "127.0.0.1:1", "--start", "yesterday"));
        assertTrue(err.toString().contains("--start must be now or an ISO-8601 instant"), err.toString());
    }

    @Test
    void anIntervalBelowASecondIsAUsageError() {
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(CommandLine.ExitCode.USAGE, cli.execute("--bootstrap-servers", "127.0.0.1:1", "--interval", "500ms"));
    }
}
