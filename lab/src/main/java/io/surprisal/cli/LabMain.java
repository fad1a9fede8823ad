package io.surprisal.cli;

import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The lab's entry point, {@code java -jar target/surprisal.jar <command>}: every command, the production ones
 * (run, train, topology) and the lab's (demo, bench, eval, simulate), on the command line that {@link Main}
 * configures. The production jar's {@link Main} names only the production commands.
 */
@Command(name = "surprisal", mixinStandardHelpOptions = true, version = "surprisal 0.1.0",
        description = "Streaming anomaly detection for time series on Kafka with recurrent networks.",
        subcommands = {DemoCommand.class, BenchCommand.class, RunCommand.class, SimulateCommand.class, EvalCommand.class,
                TopologyCommand.class, TrainCommand.class, CommandLine.HelpCommand.class})
public final class LabMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(Main.execute(new LabMain(), args));
    }

    /** Every command, production and lab, configured as {@link Main#configure} says. */
    static CommandLine commandLine(Map<String, String> env) {
        return Main.configure(new CommandLine(new LabMain()), env);
    }
}
