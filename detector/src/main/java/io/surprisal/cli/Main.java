package io.surprisal.cli;

import java.time.Duration;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The production entry point, {@code java -jar detector/target/surprisal-detector.jar <command>}: run, train and
 * topology only. The lab's entry point, {@code java -jar target/surprisal.jar <command>}, is {@code LabMain} in the
 * lab module: the same command line with the lab commands (demo, bench, eval, simulate) added.
 */
@Command(name = "surprisal", mixinStandardHelpOptions = true, version = "surprisal 0.1.0",
        description = "Streaming anomaly detection for time series on Kafka with recurrent networks.",
        subcommands = {RunCommand.class, TopologyCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(new Main(), args));
    }

    /** Runs {@code args} on the command line whose top command is {@code top}, configured as {@link #configure} says. */
    static int execute(Object top, String[] args) {
        return configure(new CommandLine(top), System.getenv()).execute(args);
    }

    /** The command line with the process's environment as option defaults. */
    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The production command line, configured as {@link #configure} says. */
    static CommandLine commandLine(Map<String, String> env) {
        return configure(new CommandLine(new Main()), env);
    }

    /**
     * What every surprisal command line shares, the lab's too: options default to {@code SURPRISAL_<OPTION>}
     * variables of {@code env} (a map, so tests pass their own), every {@link Duration} reads {@code 60s} as well
     * as {@code PT60S}, and errors are one line with exit code 2 (usage) or 1 (failure), see {@link OneLineErrors}.
     */
    static CommandLine configure(CommandLine cli, Map<String, String> env) {
        OneLineErrors errors = new OneLineErrors();
        return cli
                .registerConverter(Duration.class, new DurationConverter())
                .setDefaultValueProvider(new EnvironmentDefaults(env))
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }
}
