package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UcrCorpusTest {

    @TempDir
    Path root;

    @Test
    void readsLabelsInOrderAndValuesOfBothLineForms() throws IOException {
        UcrTestFolder.standard().write(root);
        assertTrue(UcrCorpus.isUcrLayout(root));
        UcrCorpus corpus = UcrCorpus.load(root, null);
        assertEquals(3, corpus.series().size());
        UcrSeries two = corpus.series().get(1);
        assertEquals("002_UCR_Anomaly_300.txt.gz", two.file());
        assertEquals("002_UCR_Anomaly_300", two.name());
        assertEquals(800, two.nPoints());
        assertEquals(300, two.trainEnd());
        assertEquals(600, two.anomalyStart());
        assertEquals(640, two.anomalyEnd());
        assertEquals(1900, corpus.pointCount());
        double[] expected = UcrTestFolder.sineWithSpike(800, 620, 50);
        assertArrayEquals(expected, UcrCorpus.values(two), 1e-6);
        assertArrayEquals(UcrTestFolder.sineWithSpike(600, 400, 50), UcrCorpus.values(corpus.series().get(0)), 1e-6);
    }

    @Test
    void aFolderWithoutLabelsCsvIsNotUcr() {
        assertFalse(UcrCorpus.isUcrLayout(root));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UcrCorpus.load(root, null));
        assertTrue(e.getMessage().contains("labels.csv"), e.getMessage());
    }

    @Test
    void filesBesideLabelsCsvAreFoundToo() throws IOException {
        UcrTestFolder.writeGzip(root.resolve("a.txt.gz"), "1\n2\n3 4\n");
        Files.writeString(root.resolve("labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\r\na.txt.gz,4,1,2,3\r\n");
        UcrCorpus corpus = UcrCorpus.load(root, null);
        assertArrayEquals(new double[] {1, 2, 3, 4}, UcrCorpus.values(corpus.series().get(0)));
    }

    @Test
    void aCountOtherThanNPointsNamesTheFileAndBothCounts() throws IOException {
        Files.createDirectories(root.resolve("data"));
        UcrTestFolder.writeGzip(root.resolve("data/a.txt.gz"), "1\n2\n3\n");
        Files.writeString(root.resolve("labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\na.txt.gz,4,1,2,3\n");
        UcrSeries one = UcrCorpus.load(root, null).series().get(0);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> UcrCorpus.values(one));
        assertTrue(e.getMessage().contains("a.txt.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("has 3 values") && e.getMessage().contains("n_points=4"), e.getMessage());
        Files.writeString(root.resolve("labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\na.txt.gz,2,1,1,1\n");
        UcrSeries fewer = UcrCorpus.load(root, null).series().get(0);
        MalformedInputException more = assertThrows(MalformedInputException.class, () -> UcrCorpus.values(fewer));
        assertTrue(more.getMessage().contains("has 3 values") && more.getMessage().contains("n_points=2"), more.getMessage());
    }

    @Test
    void aBadNumberNamesTheFileAndLine() throws IOException {
        Files.createDirectories(root.resolve("data"));
        UcrTestFolder.writeGzip(root.resolve("data/a.txt.gz"), "1\r\n2\r\n3x\r\n4\r\n");
        UcrTestFolder.writeGzip(root.resolve("data/b.txt.gz"), "1 2 3 4 NaN 6\n");
        Files.writeString(root.resolve("labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\n"
                + "a.txt.gz,4,1,2,3\nb.txt.gz,6,1,2,3\n");
        UcrCorpus corpus = UcrCorpus.load(root, null);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> UcrCorpus.values(corpus.series().get(0)));
        assertTrue(e.getMessage().contains("a.txt.gz:3:") && e.getMessage().contains("'3x'"), e.getMessage());
        MalformedInputException nan = assertThrows(MalformedInputException.class, () -> UcrCorpus.values(corpus.series().get(1)));
        assertTrue(nan.getMessage().contains("b.txt.gz:1:") && nan.getMessage().contains("value 4"), nan.getMessage());
    }

    @Test
    void labelsAreChecked() throws IOException {
        Files.createDirectories(root.resolve("data"));
        UcrTestFolder.writeGzip(root.resolve("data/a.txt.gz"), "1\n2\n3\n");
        String header = "file,n_points,train_end,anomaly_start,anomaly_end\n";
        assertLabelsError(header + "a.txt.gz,3,3,1,2\n", "train_end < n_points");
        assertLabelsError(header + "a.txt.gz,3,1,2,1\n", "anomaly_start <= anomaly_end");
        assertLabelsError(header + "a.txt.gz,3,1,x,2\n", "anomaly_start is not an integer");
        assertLabelsError(header + "a.txt.gz,3,1\n", "expected 5 fields");
        assertLabelsError(header + "missing.txt.gz,3,1,1,2\n", "file not found");
        assertLabelsError(header + "a.txt.gz,3,1,1,2\na.txt.gz,3,1,1,2\n", "listed twice");
        assertLabelsError("file,n,train_end\n", "expected header");
        assertLabelsError(header, "no series");
    }

    private void assertLabelsError(String labels, String expected) throws IOException {
        Files.writeString(root.resolve("labels.csv"), labels);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> UcrCorpus.load(root, null));
        assertTrue(e.getMessage().contains("labels.csv") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void notGzipIsAnIoError() throws IOException {
        Files.createDirectories(root.resolve("data"));
        Files.writeString(root.resolve("data/a.txt.gz"), "1\n2\n");
        Files.writeString(root.resolve("labels.csv"), "file,n_points,train_end,anomaly_start,anomaly_end\na.txt.gz,2,1,1,1\n");
        UcrSeries one = UcrCorpus.load(root, null).series().get(0);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> UcrCorpus.values(one));
        assertTrue(e.getMessage().contains("a.txt.gz"), e.getMessage());
    }

    @Test
    void timestampsAreOneAMinuteFromTheFixedEpoch() {
        long[] millis = UcrCorpus.timestampsMillis(3);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), millis[0]);
        assertEquals(millis[0] + 60_000, millis[1]);
        assertEquals(millis[0] + 120_000, millis[2]);
    }
}
