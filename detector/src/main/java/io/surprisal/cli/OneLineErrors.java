package io.surprisal.cli;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What {@code surprisal} prints when it fails: one line, {@code surprisal: <what went wrong>}, on stderr, and
 * an exit code a script can branch on. A person at a terminal reads the line; a stack trace in front of it
 * only hides it (it goes to the log at debug level, for whoever chases a bug).
 *
 * <ul>
 *   <li>{@value #USAGE}: the command line is wrong: an unknown flag, a bad value or duration, a missing option;</li>
 *   <li>{@value #FAILURE}: the command could not do its job: a spec file missing or invalid, a broker that refused.</li>
 * </ul>
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int FAILURE = CommandLine.ExitCode.SOFTWARE; // 1
    static final int USAGE = CommandLine.ExitCode.USAGE;      // 2
    private static final Pattern PATH_AND_REASON = Pattern.compile("(.+) \\(([^()]+)\\)");
    private static final Logger LOG = LoggerFactory.getLogger(OneLineErrors.class);

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        err.println("surprisal: " + firstLine(error.getMessage()) + " (see " + help + ")");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        LOG.debug("{} failed", command.getCommandSpec().qualifiedName(), error);
        PrintWriter err = command.getErr();
        err.println("surprisal: " + describe(error));
        err.flush();
        return FAILURE;
    }

    /** The error as one line: its message, and its root cause's when that says something more. */
    static String describe(Throwable error) {
        String message = message(error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error) {
            String cause = message(root);
            if (!message.contains(cause)) {
                message = message + ": " + cause;
            }
        }
        return message;
    }

    private static String message(Throwable error) {
        if (error instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile();
        }
        if (error instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (error instanceof FileNotFoundException && error.getMessage() != null) {
            // java.io says "<path> (<reason>)"; put the reason where the line's other messages have theirs.
            Matcher m = PATH_AND_REASON.matcher(error.getMessage());
            if (m.matches()) {
                return "cannot read " + m.group(1) + ": " + m.group(2);
            }
        }
        String text = error.getMessage();
        return text == null || text.isBlank() ? error.getClass().getSimpleName() : firstLine(text);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }
}
