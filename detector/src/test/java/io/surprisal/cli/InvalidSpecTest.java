package io.surprisal.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A spec that does not validate stops a command at start-up with one line, not a stack trace. */
class InvalidSpecTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownFormatIsOneLineNamingTheFileTheKeyAndTheFormats() throws Exception {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "input:\n  format: parquet\n");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("topology", "--topology", spec.toString());
        assertEquals(1, status);
        assertEquals("surprisal: " + spec + ": input.format must be one of json, influx, csv, prometheus, otlp, avro, protobuf, was parquet\n",
                err.toString().replace(System.lineSeparator(), "\n"));
    }
}
