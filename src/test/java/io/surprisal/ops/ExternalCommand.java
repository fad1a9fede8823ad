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
            return fail(command[0] + " is not on the PATH: " + installHint + " (" + e.getMessage() + ")");
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

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        return List.of(path.split(File.pathSeparator)).stream()
                .anyMatch(dir -> !dir.isEmpty() && Path.of(dir, tool).toFile().canExecute());
    }
}
