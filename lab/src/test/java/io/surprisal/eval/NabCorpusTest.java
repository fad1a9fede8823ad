package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

    @TempDir
    Path root;

    private Path data() {
        return root.resolve("data");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private Path labels(String json) throws IOException {
        return write("labels/windows.json", json);
    }

    @Test
    void keepsRowsInFileOrderWithDuplicatesAndStepsBackInTime() throws IOException {
        write("data/cat/a.csv", "timestamp,value\n"
                + "2014-03-09 01:00:00,1\n"
                + "2014-03-09 03:00:00,2.5\n"
                + "2014-03-09 03:00:00,3\n"
                + "2014-03-09 02:00:00,-4e2\n");
        NabCorpus corpus = NabCorpus.load(data(), labels("{\"cat/a.csv\": []}"), List.of());

        NabSeries series = corpus.series().get(0);
        assertEquals("cat/a.csv", series.key());
        assertEquals(4, series.size());
        assertEquals(List.of(1.0, 2.5, 3.0, -400.0),
                List.of(series.value(0), series.value(1), series.value(2), series.value(3)));
        assertEquals(series.timestampMillis(1), series.timestampMillis(2));
        assertTrue(series.timestampMillis(3) < series.timestampMillis(2));
        assertEquals("-4e2", series.valueText(3));
        assertEquals("2014-03-09 02:00:00", series.timestampText(3));
        assertEquals(1_394_326_800_000L, series.timestampMillis(0)); // read as UTC
    }

    @Test
    void readsWindowsWithMicrosecondLimits() throws IOException {
        write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n2014-01-01 00:10:00,3\n");
        NabCorpus corpus = NabCorpus.load(data(), labels(
                "{\"cat/a.csv\": [[\"2014-01-01 00:05:00.000000\", \"2014-01-01 00:10:00.000000\"]]}"), List.of());
        NabSeries series = corpus.series().get(0);
        assertEquals(List.of(new NabWindow(series.timestampMillis(1), series.timestampMillis(2))), corpus.windows(series));
        assertEquals(1, corpus.windowCount());
    }

    @Test
    void onlyKeepsTheNamedCategoriesInNameOrder() throws IOException {
        for (String key : List.of("b/x.csv", "a/y.csv", "a/x.csv", "c/z.csv")) {
            write("data/" + key, "timestamp,value\n2014-01-01 00:00:00,1\n");
        }
        Path labels = labels("{\"a/x.csv\": [], \"a/y.csv\": [], \"b/x.csv\": [], \"c/z.csv\": []}");

        assertEquals(List.of("a/x.csv", "a/y.csv", "b/x.csv", "c/z.csv"),
                NabCorpus.load(data(), labels, List.of()).series().stream().map(NabSeries::key).toList());
        assertEquals(List.of("a/x.csv", "a/y.csv", "c/z.csv"),
                NabCorpus.load(data(), labels, List.of("c", "a")).series().stream().map(NabSeries::key).toList());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NabCorpus.load(data(), labels, List.of("nope")));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
    }

    @Test
    void malformedRowIsReportedWithFileAndLine() throws IOException {
        Path file = write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,abc\n");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NabCorpus.load(data(), labels("{\"cat/a.csv\": []}"), List.of()));
        assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void badTimestampIsReportedWithFileAndLine() throws IOException {
        Path file = write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-13-01 00:05:00,2\n");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NabCorpus.load(data(), labels("{\"cat/a.csv\": []}"), List.of()));
        assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
    }

    @Test
    void wrongHeaderIsReportedOnLineOne() throws IOException {
        Path file = write("data/cat/a.csv", "time,val\n2014-01-01 00:00:00,1\n");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NabCorpus.load(data(), labels("{\"cat/a.csv\": []}"), List.of()));
        assertTrue(e.getMessage().startsWith(file + ":1: "), e.getMessage());
    }

    @Test
    void fileWithoutLabelsEntryIsAnError() throws IOException {
        write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NabCorpus.load(data(), labels("{\"cat/b.csv\": []}"), List.of()));
        assertTrue(e.getMessage().contains("cat/a.csv"), e.getMessage());
    }

    @Test
    void windowLimitThatIsNotARowTimestampIsAnError() throws IOException {
        write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> NabCorpus.load(data(),
                labels("{\"cat/a.csv\": [[\"2014-01-01 00:00:00.000000\", \"2014-01-01 00:04:00.000000\"]]}"), List.of()));
        assertTrue(e.getMessage().contains("window 1: end"), e.getMessage());
    }

    @Test
    void malformedWindowsJsonNamesTheEntry() throws IOException {
        write("data/cat/a.csv", "timestamp,value\n2014-01-01 00:00:00,1\n");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> NabCorpus.load(data(), labels("{\"cat/a.csv\": [[\"2014-01-01 00:00:00\"]]}"), List.of()));
        assertTrue(e.getMessage().contains("'cat/a.csv', window 1"), e.getMessage());
    }

    @Test
    void readsNabProfilesInFileOrder() throws IOException {
        Path file = write("labels/profiles.json", "{\n"
                + "\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}},\n"
                + "\"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.22, \"tnWeight\": 1.0}},\n"
                + "\"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}}\n"
                + "}");
        assertEquals(CostProfile.nabDefaults(), NabProfiles.read(file));
    }

    @Test
    void profileWithoutAWeightIsAnError() throws IOException {
        Path file = write("labels/profiles.json", "{\"x\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0}}}");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> NabProfiles.read(file));
        assertTrue(e.getMessage().contains("fpWeight"), e.getMessage());
    }
}
