package io.surprisal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Options from SURPRISAL_* variables, passed in as a map: a flag on the command line always wins. */
class EnvironmentDefaultsTest {

    private static <T> T parsed(Map<String, String> env, String command, Class<T> type, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        ParseResult result = LabMain.commandLine(env).parseArgs(all);
        return type.cast(result.subcommand().commandSpec().userObject());
    }

    @Test
    void namesTheVariableAfterTheLongOption() {
        assertEquals("SURPRISAL_BOOTSTRAP_SERVERS", EnvironmentDefaults.variable("--bootstrap-servers"));
        assertEquals("SURPRISAL_HTTP_PORT", EnvironmentDefaults.variable("--http-port"));
        assertEquals("SURPRISAL_SIMULATE_RATE", EnvironmentDefaults.variable("simulate_--rate"));
    }

    @Test
    void anOptionComesFromTheEnvironmentWhenAbsentFromTheCommandLine() {
        Map<String, String> env = Map.of("SURPRISAL_BOOTSTRAP_SERVERS", "kafka:9092", "SURPRISAL_HTTP_PORT", "9091",
                "SURPRISAL_STATE_DIR", "/var/lib/surprisal/state", "SURPRISAL_TOPOLOGY", "topologies/demo.yaml");

        RunCommand run = parsed(env, "run", RunCommand.class);

        assertEquals("kafka:9092", run.bootstrapServers);
        assertEquals(9091, run.httpPort);
        assertEquals(Path.of("/var/lib/surprisal/state"), run.stateDir);
        assertEquals(Path.of("topologies/demo.yaml"), run.topology, "a required option is satisfied by its variable");
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        Map<String, String> env = Map.of("SURPRISAL_HTTP_PORT", "9091", "SURPRISAL_TOPOLOGY", "topologies/demo.yaml");

        RunCommand run = parsed(env, "run", RunCommand.class, "--http-port", "8080", "--topology", "other.yaml");

        assertEquals(8080, run.httpPort);
        assertEquals(Path.of("other.yaml"), run.topology);
    }

    @Test
    void withoutAVariableTheAnnotatedDefaultStands() {
        RunCommand run = parsed(Map.of(), "run", RunCommand.class, "--topology", "t.yaml");

        assertEquals(8080, run.httpPort);
        assertNull(run.bootstrapServers);
    }

    @Test
    void theCommandsOwnVariableWinsOverTheSharedOne() {
        Map<String, String> env = Map.of("SURPRISAL_DURATION", "5m", "SURPRISAL_DEMO_DURATION", "90s");

        DemoCommand demo = parsed(env, "demo", DemoCommand.class);

        assertEquals(Duration.ofSeconds(90), demo.duration, "durations from the environment take the short forms too");
    }

    @Test
    void helpAndArgumentGroupsAreNotReadFromTheEnvironment() {
        Map<String, String> env = Map.of("SURPRISAL_HELP", "true", "SURPRISAL_CSV", "/data", "SURPRISAL_EVERY", "1h");

        TrainCommand train = parsed(env, "train", TrainCommand.class, "--synthetic", "2");

        assertNull(train.source.csv);
        assertEquals(Duration.ofHours(1), train.every);
    }

    @Test
    void aBadValueInTheEnvironmentIsAUsageError() {
        CliTestSupport cli = new CliTestSupport(Map.of("SURPRISAL_HTTP_PORT", "eighty"));

        assertEquals(2, cli.execute("run", "--topology", "t.yaml"));
        assertEquals(1, cli.err().lines().count(), cli.err());
    }
}
