package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.surprisal.cli.EvalCommand;
import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.model.Normalization;
import io.surprisal.train.ModelFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The eval command line, driven through picocli; it lives here because only eval tests are ours. */
class EvalCommandTest {

    @TempDir
    Path root;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void corpus() throws IOException {
        SyntheticCorpus.write(root);
    }

    private int execute(String... args) {
        CommandLine command = new CommandLine(new EvalCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }

    private String[] baseArgs(String detector, String outDir) {
        return new String[] {"--data", root.resolve("data").toString(), "--labels",
                root.resolve("labels/windows.json").toString(), "--detector", detector, "--out", root.resolve(outDir).toString()};
    }

    @Test
    void runsTheGaussianPeerAndPrintsTheSummaryLast() {
        assertEquals(0, execute(baseArgs("gaussian", "out")), err.toString());
        String[] lines = out.toString().split("\\R");
        assertTrue(lines[lines.length - 1].matches(
                "standard=-?\\d+\\.\\d reward_low_FP_rate=-?\\d+\\.\\d reward_low_FN_rate=-?\\d+\\.\\d"), out.toString());
        assertTrue(Files.exists(root.resolve("out/beta/three.csv")));
    }

    @Test
    void usesBuiltInProfilesWhenNoneLieBesideTheLabels() throws IOException {
        assertEquals(0, execute(baseArgs("gaussian", "out")), err.toString());
        assertEquals("built-in NAB defaults", new ObjectMapper()
                .readTree(root.resolve("out/settings.json").toFile()).get("profiles").asText());
    }

    @Test
    void usesTheProfilesFileBesideTheLabels() throws IOException {
        Path profiles = root.resolve("labels/profiles.json");
        Files.writeString(profiles, "{\"only_one\": {\"CostMatrix\": {\"tpWeight\": 1, \"fpWeight\": 0.5, \"fnWeight\": 1}}}");
        assertEquals(0, execute(baseArgs("gaussian", "out")), err.toString());
        String[] lines = out.toString().split("\\R");
        assertTrue(lines[lines.length - 1].matches("only_one=-?\\d+\\.\\d"), lines[lines.length - 1]);
    }

    @Test
    void onlyRestrictsTheCategories() {
        String[] args = baseArgs("gaussian", "out");
        String[] withOnly = java.util.Arrays.copyOf(args, args.length + 2);
        withOnly[args.length] = "--only";
        withOnly[args.length + 1] = "beta";
        assertEquals(0, execute(withOnly), err.toString());
        assertTrue(Files.exists(root.resolve("out/beta/three.csv")));
        assertTrue(Files.notExists(root.resolve("out/alpha")));
    }

    @Test
    void surprisalRunsThroughTheSameHarness() {
        assertEquals(0, execute(baseArgs("surprisal", "out")), err.toString());
        assertTrue(Files.exists(root.resolve("out/settings.json")));
        assertTrue(Files.exists(root.resolve("out/beta/three.csv")));
    }

    @Test
    void aTrainedModelCanStandInForTheGenericOne() throws IOException {
        Layout layout = new Layout(CellType.ELMAN_TANH, 8, 2);
        Model elman = new Model("elman-test", "v7", layout, ModelFactory.initialWeights(layout, 3), new Features(false),
                Normalization.DEFAULT, null);
        Path file = root.resolve("elman.json");
        Files.write(file, ModelDocument.write(elman));
        String[] args = baseArgs("surprisal", "out");
        String[] withModel = java.util.Arrays.copyOf(args, args.length + 2);
        withModel[args.length] = "--model";
        withModel[args.length + 1] = file.toString();
        assertEquals(0, execute(withModel), err.toString());
        var settings = new ObjectMapper().readTree(root.resolve("out/settings.json").toFile()).get("settings");
        assertEquals("v7", settings.get("model").asText(), settings.toString());
        assertEquals(CellType.ELMAN_TANH.id(), settings.get("cell").asText());
        assertEquals(8, settings.get("hidden").asInt());
    }

    @Test
    void aModelForAPeerOrAnUnreadableModelIsAClearError() throws IOException {
        Path file = root.resolve("broken.json");
        Files.writeString(file, "{\"format\": 1}");
        String[] args = baseArgs("gaussian", "out");
        String[] withModel = java.util.Arrays.copyOf(args, args.length + 2);
        withModel[args.length] = "--model";
        withModel[args.length + 1] = file.toString();
        assertEquals(2, execute(withModel));
        assertTrue(err.toString().contains("not usable") || err.toString().contains("has no model"), err.toString());
        withModel[args.length - 3] = "surprisal";
        assertEquals(2, execute(withModel));
        assertTrue(err.toString().contains("model " + file + " is not usable"), err.toString());
    }

    @Test
    void theDailyProfileCanBeTurnedOffForTheSurprisalDetectorOnly() throws IOException {
        String[] args = baseArgs("surprisal", "out");
        String[] without = java.util.Arrays.copyOf(args, args.length + 1);
        without[args.length] = "--no-daily-profile";
        assertEquals(0, execute(without), err.toString());
        String scoring = new ObjectMapper().readTree(root.resolve("out/settings.json").toFile())
                .get("settings").get("scoring").asText();
        assertTrue(scoring.contains("dailyProfile=false"), scoring);
        without[args.length - 3] = "gaussian";
        assertEquals(2, execute(without));
        assertTrue(err.toString().contains("has no daily profile"), err.toString());
    }

    @Test
    void theTrainersSeedIsRecordedAndIsForTheLearningDetectorOnly() throws IOException {
        String[] args = baseArgs("surprisal", "out");
        String[] seeded = java.util.Arrays.copyOf(args, args.length + 2);
        seeded[args.length] = "--seed";
        seeded[args.length + 1] = "7";
        assertEquals(0, execute(seeded), err.toString());
        assertEquals(7, new ObjectMapper().readTree(root.resolve("out/settings.json").toFile())
                .get("settings").get("seed").asLong());

        String[] noTune = java.util.Arrays.copyOf(seeded, seeded.length + 1);
        noTune[seeded.length] = "--no-tune";
        assertEquals(2, execute(noTune));
        assertTrue(err.toString().contains("--no-tune leaves out"), err.toString());
        seeded[args.length - 3] = "gaussian";
        assertEquals(2, execute(seeded));
        assertTrue(err.toString().contains("--seed is for the surprisal detector; gaussian learns nothing"), err.toString());
    }

    @Test
    void malformedDataIsReportedWithoutAStackTrace() throws IOException {
        Files.writeString(root.resolve("data/alpha/one.csv"), "timestamp,value\n2015-02-01 00:00:00,x\n");
        assertEquals(2, execute(baseArgs("gaussian", "out")));
        assertTrue(err.toString().contains("one.csv:2:"), err.toString());
        assertTrue(!err.toString().contains("\tat "), err.toString());
    }
}
