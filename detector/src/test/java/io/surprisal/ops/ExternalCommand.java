package io.surprisal.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs a tool that CI installs (promtool, docker-compose) and captures what it prints. */
final class ExternalCommand {

    record Result(int exitCode, String output) {
    }

    private ExternalCommand() {
    }

    /** Fails the test with {@code installHint} when the tool is not on the PATH. */
    static Result run(Path workingDirectory, String installHint, String... command) throws IOException, InterruptedException {
        return run(workingDirectory, installHint, Map.of(), false, command);
    }

    /**
     * As {@link #run(Path, String, String...)}, with {@code environment} changing the tool's environment (a null
     * value removes the variable) and, when {@code stdoutOnly}, the output without what the tool wrote to stderr
     * (warnings there would spoil output a test parses).
     */
    static Result run(Path workingDirectory, String installHint, Map<String, String> environment, boolean stdoutOnly,
                      String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        File stderr = null;
        if (stdoutOnly) {
            stderr = File.createTempFile("external-command", ".stderr");
            stderr.deleteOnExit();
            builder.redirectError(stderr);
        } else {
            builder.redirectErrorStream(true);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return missing(command[0], installHint + " (" + e.getMessage() + ")");
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail(String.join(" ", command) + " did not finish in 60 s:\n" + output);
        }
        if (stderr != null && process.exitValue() != 0) {
            output = output + java.nio.file.Files.readString(stderr.toPath());
        }
        return new Result(process.exitValue(), output);
    }

    /**
     * Skips the calling test, with a one-line reason, when {@code tool} is not on the PATH; fails it instead
     * where the tools are required ({@value #REQUIRE_TOOLS}=true, as .ci/run sets after installing them), so a
     * machine with only Java and Maven runs the rest of the suite while CI cannot pass without them.
     */
    static void requireOnPath(String tool, String installHint) {
        if (!onPath(tool)) {
            missing(tool, installHint);
        }
    }

    /** The environment variable that turns a missing tool from a skipped test into a failed one. */
    static final String REQUIRE_TOOLS = "SURPRISAL_REQUIRE_TOOLS";

    private static Result missing(String tool, String installHint) {
        String reason = tool + " is not on the PATH: " + installHint;
        if ("true".equals(System.getenv(REQUIRE_TOOLS))) {
            return fail(reason);
        }
        throw new org.opentest4j.TestAbortedException("skipped: " + reason);
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        return List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> !dir.isEmpty() && Path.of(dir, tool).toFile().canExecute());
    }
}
