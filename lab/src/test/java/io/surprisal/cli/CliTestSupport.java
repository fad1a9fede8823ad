package io.surprisal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import picocli.CommandLine;

/** {@code surprisal} with an environment of the test's choosing and what it prints captured. */
final class CliTestSupport {

    final CommandLine cli;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    CliTestSupport(Map<String, String> env) {
        this(LabMain.commandLine(env));
    }

    CliTestSupport(CommandLine cli) {
        this.cli = cli;
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
    }

    int execute(String... args) {
        return cli.execute(args);
    }

    /** What went to stderr, with the platform's line ends as \n. */
    String err() {
        return err.toString().replace(System.lineSeparator(), "\n");
    }
}
