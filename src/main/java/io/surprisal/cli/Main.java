package io.surprisal.cli;

import java.time.Duration;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The single entry point: {@code java -jar target/surprisal.jar <command>}. */
@Command(name = "surprisal", mixinStandardHelpOptions = true, version = "surprisal 0.1.0",
        description = "Streaming anomaly detection for time series on Kafka with recurrent networks.",
        subcommands = {DemoCommand.class, BenchCommand.class, RunCommand.class, SimulateCommand.class, EvalCommand.class, TopologyCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command line with the process's environment as option defaults. */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The command line: options default to {@code SURPRISAL_<OPTION>} variables of {@code env} (a map, so tests
     * pass their own), every {@link Duration} reads {@code 60s} as well as {@code PT60S}, and errors are one
     * line with exit code 2 (usage) or 1 (failure), see {@link OneLineErrors}.
     */
    static CommandLine commandLine(Map<String, String> env) {
        OneLineErrors errors = new OneLineErrors();
        return new CommandLine(new Main())
                .registerConverter(Duration.class, new DurationConverter())
                .setDefaultValueProvider(new EnvironmentDefaults(env))
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
