package io.surprisal.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Ground truth as CSV: {@code series,kind,start_ts,end_ts}, one injected anomaly a line, times ISO-8601 UTC. */
public final class AnomalyCsv {

    public static final String HEADER = "series,kind,start_ts,end_ts";

    private AnomalyCsv() {
    }

    public static void write(Path file, List<InjectedAnomaly> anomalies) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (InjectedAnomaly a : anomalies) {
                out.write(field(a.series()) + "," + a.kind().label() + "," + a.startTs() + "," + a.endTs() + "\n");
            }
        }
    }

    /** Simulated ids never need quoting, but a caller's might. */
    private static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
