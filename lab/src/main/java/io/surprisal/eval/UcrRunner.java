package io.surprisal.eval;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * Runs a detector over a UCR-layout corpus: per series, the detector learns from the prefix
 * {@code [0, train_end)} through {@link DetectorFactory#create(String, double[], long[], int)} and
 * then scores every later point in order; the scores go to {@code <out>/<name>.csv} and the
 * archive's protocol ({@link UcrProtocol}) judges them. Series run in parallel, longest first, each
 * with its own scorer and read inside its worker, so at most one file per thread is in memory and
 * the result does not depend on the number of threads. The anomaly positions reach the judge only.
 *
 * <p>Every file is read and checked once before any detector runs, so a malformed file late in
 * the list stops the run at once, with the first bad file in labels.csv order named.
 */
public final class UcrRunner {

    /** Upper bounds (exclusive) of the series-length buckets of the table; the last bucket is open. */
    private static final int[] BUCKETS = {10_000, 25_000, 50_000, 100_000};

    private final DetectorFactory detector;
    private final int threads;
    private final PrintWriter out;
    private final PrintWriter progress;

    /**
     * @param out      where the table and the summary go; the summary is the last line
     * @param progress where files-done lines go (stderr for the command line)
     */
    public UcrRunner(DetectorFactory detector, int threads, PrintWriter out, PrintWriter progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.detector = detector;
        this.threads = threads;
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param runInfo extra facts for settings.json
     */
    public UcrResult run(UcrCorpus corpus, Path outDir, Map<String, Object> runInfo) {
        List<UcrSeries> series = corpus.series();
        ExecutorService pool = LongestFirst.pool(threads, "eval-ucr");
        IntUnaryOperator sizeOf = i -> series.get(i).nPoints();
        try {
            LongestFirst.map(pool, series.size(), sizeOf, i -> () -> {
                UcrCorpus.values(series.get(i));
                return null;
            });
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + outDir + ": " + e.getMessage(), e);
            }
            UcrRecordWriter.writeSettings(outDir, detector, corpus, threads, runInfo);
            AtomicInteger done = new AtomicInteger();
            long start = System.nanoTime();
            List<UcrOutcome> outcomes = LongestFirst.map(pool, series.size(), sizeOf, i -> () -> {
                UcrOutcome outcome = runOne(series.get(i), outDir);
                synchronized (progress) {
                    progress.printf(Locale.ROOT, "eval %s: %d/%d files done (%s, %d points)%n",
                            detector.name(), done.incrementAndGet(), series.size(), series.get(i).file(),
                            series.get(i).nPoints());
                    progress.flush();
                }
                return outcome;
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            UcrResult result = new UcrResult(detector.name(), outcomes, corpus.pointCount(), seconds, threads);
            UcrRecordWriter.writeScores(outDir, result);
            report(corpus, result);
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Scores one series: learns from its prefix, scores the rest, writes its CSV and judges it. */
    UcrOutcome runOne(UcrSeries one, Path outDir) {
        double[] values = UcrCorpus.values(one);
        double[] scores = score(detector, one, values);
        UcrScoreFileWriter.write(outDir, one, values, scores);
        return UcrProtocol.judge(one, scores);
    }

    /** The scores of one series: 0 before train_end, the detector's from there on. */
    static double[] score(DetectorFactory detector, UcrSeries one, double[] values) {
        long[] millis = UcrCorpus.timestampsMillis(values.length);
        int trainEnd = one.trainEnd();
        SeriesScorer scorer = detector.create(one.file(), values, millis, trainEnd);
        double[] scores = new double[values.length];
        for (int i = trainEnd; i < values.length; i++) {
            double score = scorer.score(millis[i], values[i]);
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new IllegalStateException("detector " + detector.name() + " returned " + score + " for "
                        + one.file() + " point " + i + "; scores must be in [0, 1]");
            }
            scores[i] = score;
        }
        return scores;
    }

    private void report(UcrCorpus corpus, UcrResult result) {
        out.printf(Locale.ROOT, "UCR scores of detector %s on %s: %d series, %d points%n", result.detector(),
                corpus.dataDir(), result.series(), result.points());
        out.printf(Locale.ROOT, "%-14s %6s %5s %6s %5s%n", "points", "series", "hits", "ucr", "tied");
        for (int b = 0; b <= BUCKETS.length; b++) {
            int low = b == 0 ? 0 : BUCKETS[b - 1];
            int high = b == BUCKETS.length ? Integer.MAX_VALUE : BUCKETS[b];
            List<UcrOutcome> in = result.outcomes().stream()
                    .filter(o -> o.series().nPoints() >= low && o.series().nPoints() < high).toList();
            if (in.isEmpty()) {
                continue;
            }
            String label = b == 0 ? "< " + kilo(high) : b == BUCKETS.length ? ">= " + kilo(low) : kilo(low) + "-" + kilo(high);
            printRow(label, in);
        }
        printRow("all", result.outcomes());
        out.printf(Locale.ROOT, "series=%d hits=%d misses=%d tied=%d%n", result.series(), result.hits(),
                result.series() - result.hits(), result.tied());
        out.printf(Locale.ROOT, "%n%s: %d points in %.2f s on %d threads = %.0f points/s%n", result.detector(),
                result.points(), result.replaySeconds(), result.threads(), result.pointsPerSecond());
        out.println(result.summaryLine());
        out.flush();
    }

    private void printRow(String label, List<UcrOutcome> in) {
        long hits = in.stream().filter(UcrOutcome::hit).count();
        long tied = in.stream().filter(UcrOutcome::tied).count();
        out.printf(Locale.ROOT, "%-14s %6d %5d %6.3f %5d%n", label, in.size(), hits, (double) hits / in.size(), tied);
    }

    private static String kilo(int n) {
        return n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
    }
}
