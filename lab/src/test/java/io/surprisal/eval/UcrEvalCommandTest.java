package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.cli.EvalCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** eval on the UCR archive's layout, through the command line (beside EvalCommandTest, for the same reason). */
class UcrEvalCommandTest {

    @TempDir
    Path root;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeEach
    void folder() throws IOException {
        UcrTestFolder.standard().write(root.resolve("ucr"));
    }

    private int execute(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine command = new CommandLine(new EvalCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    private String lastLine() {
        String[] lines = out.toString().split("\\R");
        return lines[lines.length - 1];
    }

    private void assertOneLineError(String expected) {
        String text = err.toString().strip();
        assertTrue(text.startsWith("eval: ") && text.contains(expected), text);
        assertFalse(text.contains("\n"), "one line: " + text);
    }

    @Test
    void theLayoutIsRecognisedByLabelsCsvAndNeedsNoLabelsOption() throws IOException {
        assertEquals(0, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString(),
                "--detector", "gaussian", "--threads", "2"), err.toString());
        // 001 and 002 spike inside their anomaly, 003 150 points after its end.
        assertEquals("ucr=0.667 hits=2 series=3", lastLine());
        assertTrue(out.toString().contains("tied=0"), out.toString());
        for (String name : List.of("001_UCR_Anomaly_200", "002_UCR_Anomaly_300", "003_UCR_Anomaly_100")) {
            assertTrue(Files.exists(root.resolve("out").resolve(name + ".csv")), name);
        }
        List<String> lines = Files.readAllLines(root.resolve("out/002_UCR_Anomaly_300.csv"));
        assertEquals("index,value,anomaly_score", lines.get(0));
        assertEquals(801, lines.size());
        assertTrue(lines.get(300).endsWith(",0.0"), lines.get(300));
        var scores = new ObjectMapper().readTree(root.resolve("out/scores.json").toFile());
        assertEquals(620, scores.get("files").get(1).get("loc").asInt());
        assertEquals(450, scores.get("files").get(2).get("loc").asInt());
        assertEquals("ucr", new ObjectMapper().readTree(root.resolve("out/settings.json").toFile()).get("layout").asText());
    }

    @Test
    void everyDetectorRunsThroughIt() {
        for (String detector : List.of("rcf", "surprisal")) {
            assertEquals(0, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve(detector).toString(),
                    "--detector", detector), err.toString());
            assertTrue(lastLine().matches("ucr=\\d\\.\\d{3} hits=\\d series=3"), lastLine());
            assertTrue(Files.exists(root.resolve(detector).resolve("003_UCR_Anomaly_100.csv")));
        }
    }

    @Test
    void layoutUcrCanBeForcedWithLabelsElsewhere() throws IOException {
        Path labels = root.resolve("elsewhere.csv");
        Files.move(root.resolve("ucr/labels.csv"), labels);
        assertEquals(0, execute("--layout", "ucr", "--data", root.resolve("ucr").toString(), "--labels", labels.toString(),
                "--out", root.resolve("out").toString(), "--detector", "gaussian"), err.toString());
        assertEquals("ucr=0.667 hits=2 series=3", lastLine());
    }

    @Test
    void layoutNabCanBeForcedOnAFolderHoldingLabelsCsv() throws IOException {
        SyntheticCorpus.write(root.resolve("nab"));
        Files.writeString(root.resolve("nab/data/labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\n");
        String[] args = {"--data", root.resolve("nab/data").toString(), "--labels", root.resolve("nab/labels/windows.json").toString(),
                "--out", root.resolve("out").toString(), "--detector", "gaussian"};
        assertEquals(2, execute(args), "recognised as UCR, so --labels names a labels.csv");
        assertOneLineError("windows.json:1: expected header 'file,n_points,train_end,anomaly_start,anomaly_end'");
        String[] forced = new String[args.length + 2];
        System.arraycopy(args, 0, forced, 2, args.length);
        forced[0] = "--layout";
        forced[1] = "nab";
        assertEquals(0, execute(forced), err.toString());
        assertTrue(lastLine().startsWith("standard="), lastLine());
    }

    @Test
    void layoutUcrWithoutLabelsCsvIsAOneLineError() throws IOException {
        Files.delete(root.resolve("ucr/labels.csv"));
        assertEquals(2, execute("--layout", "ucr", "--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString()));
        assertOneLineError("labels.csv");
    }

    @Test
    void anUnknownLayoutIsAOneLineError() {
        assertEquals(2, execute("--layout", "m4", "--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString()));
        assertOneLineError("unknown layout 'm4'");
    }

    @Test
    void theNabLayoutStillNeedsLabels() throws IOException {
        SyntheticCorpus.write(root.resolve("nab"));
        assertEquals(2, execute("--data", root.resolve("nab/data").toString(), "--out", root.resolve("out").toString(),
                "--detector", "gaussian"));
        assertOneLineError("--labels");
    }

    @Test
    void nabOnlyOptionsAreRefusedForUcr() {
        assertEquals(2, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString(),
                "--only", "alpha"));
        assertOneLineError("--only is for the NAB layout");
    }

    @Test
    void aCountMismatchIsExitCodeTwoNamingTheFile() throws IOException {
        String labels = Files.readString(root.resolve("ucr/labels.csv")).replace("002_UCR_Anomaly_300.txt.gz,800,", "002_UCR_Anomaly_300.txt.gz,801,");
        Files.writeString(root.resolve("ucr/labels.csv"), labels);
        assertEquals(2, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString(), "--detector", "gaussian"));
        assertOneLineError("002_UCR_Anomaly_300.txt.gz: has 800 values, but labels.csv says n_points=801");
    }

    @Test
    void aBadNumberIsExitCodeTwoNamingFileAndLine() throws IOException {
        UcrTestFolder.writeGzip(root.resolve("ucr/data/001_UCR_Anomaly_200.txt.gz"), "1.0\n2.0\n".repeat(150) + "oops\n" + "1.0\n".repeat(299));
        assertEquals(2, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString(), "--detector", "gaussian"));
        assertOneLineError("001_UCR_Anomaly_200.txt.gz:301: value 300 is not a number: 'oops'");
    }

    @Test
    void trainEndMustLieBeforeTheEnd() throws IOException {
        String labels = Files.readString(root.resolve("ucr/labels.csv")).replace("003_UCR_Anomaly_100.txt.gz,500,100,", "003_UCR_Anomaly_100.txt.gz,500,500,");
        Files.writeString(root.resolve("ucr/labels.csv"), labels);
        assertEquals(2, execute("--data", root.resolve("ucr").toString(), "--out", root.resolve("out").toString()));
        assertOneLineError("train_end < n_points");
    }
}
