package io.surprisal.cli;

import io.surprisal.stream.TopologySpec;
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
        System.exit(commandLine().execute(args));
    }

    /** The command line, with a spec that does not validate reported in its one line rather than a stack trace. */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((error, command, parsed) -> {
            if (error instanceof TopologySpec.InvalidSpecException) {
                command.getErr().println("surprisal: " + error.getMessage());
                return command.getCommandSpec().exitCodeOnExecutionException();
            }
            throw error;
        });
    }
}
