package io.surprisal.eval;

import io.surprisal.history.SeriesHistory;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays a NAB corpus through a detector, series in parallel, writes the scored files, and scores
 * them with the NAB rules. Each series gets its own scorer, so the result does not depend on the
 * number of threads. The detector sees data rows only; the windows go to the scorer alone.
 */
public final class EvalRunner {

    private final DetectorFactory detector;
    private final int threads;
    private final PrintWriter out;
    private final PrintWriter progress;

    /**
     * @param out where the tables and the summary go; the summary is the last line
     * @param progress where files-done lines go (stderr for the command line)
     */
    public EvalRunner(DetectorFactory detector, int threads, PrintWriter out, PrintWriter progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.detector = detector;
        this.threads = threads;
        this.out = out;
        this.progress = progress;
    }

    /**
     * @param runInfo extra facts for settings.json (labels file, profiles source, filters)
     */
    public EvalResult run(NabCorpus corpus, List<CostProfile> profiles, Path outDir, Map<String, Object> runInfo) {
        List<NabSeries> series = corpus.series();
        DetectorFactory detector = learnFromProbation(series);
        RunRecordWriter.writeSettings(outDir, detector, corpus, threads, runInfo);

        long start = System.nanoTime();
        List<double[]> scores = replayAll(detector, series);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<ScoredSeries> scored = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            ScoreFileWriter.write(outDir, series.get(i), scores.get(i));
            scored.add(ScoredSeries.of(series.get(i), corpus.windows(series.get(i)), scores.get(i)));
        }
        EvalResult result = new EvalResult(detector.name(), NabScorer.score(scored, profiles),
                corpus.pointCount(), seconds, threads);
        RunRecordWriter.writeScores(outDir, result);
        report(corpus, result);
        return result;
    }

    /**
     * The corpus as one deployment going live: NAB does not score a file's probationary period, so those first
     * points of every file are the history the detector may learn from before it is judged.
     */
    private DetectorFactory learnFromProbation(List<NabSeries> series) {
        List<SeriesHistory> history = new ArrayList<>(series.size());
        for (NabSeries one : series) {
            history.add(one.head(NabRules.probationLength(one.size())));
        }
        return this.detector.learnFrom(history, line -> {
            synchronized (progress) {
                progress.println("eval " + this.detector.name() + ": " + line);
                progress.flush();
            }
        });
    }

    private List<double[]> replayAll(DetectorFactory detector, List<NabSeries> series) {
        ExecutorService pool = LongestFirst.pool(threads, "eval-replay");
        try {
            AtomicInteger done = new AtomicInteger();
            return LongestFirst.map(pool, series.size(), i -> series.get(i).size(), i -> () -> {
                NabSeries one = series.get(i);
                double[] scores = SeriesReplay.replay(detector, one);
                synchronized (progress) {
                    progress.printf(Locale.ROOT, "eval %s: %d/%d files done (%s, %d points)%n",
                            detector.name(), done.incrementAndGet(), series.size(), one.key(), one.size());
                    progress.flush();
                }
                return scores;
            });
        } finally {
            pool.shutdownNow();
        }
    }

    private void report(NabCorpus corpus, EvalResult result) {
        List<String> categories = corpus.series().stream().map(NabSeries::category).distinct().toList();
        out.printf(Locale.ROOT, "NAB scores of detector %s on %s: %d files, %d windows%n", result.detector(),
                corpus.dataDir(), corpus.series().size(), corpus.windowCount());
        ReportTable.print(result.scores(), categories, out);
        out.printf(Locale.ROOT, "%n%s: %d points in %.2f s on %d threads = %.0f points/s%n", result.detector(),
                result.points(), result.replaySeconds(), result.threads(), result.pointsPerSecond());
        out.println(ReportTable.summaryLine(result.scores()));
        out.flush();
    }
}
