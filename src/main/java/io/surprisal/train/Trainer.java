package io.surprisal.train;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.model.TrainingInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains the recurrent model: truncated back-propagation through time over windows cut across
 * many series, Gaussian negative log-likelihood, Adam, global gradient-norm clipping, and early
 * stopping on the loss of held-back series replayed whole from a zero state (the way the detector
 * meets them).
 *
 * <p>Deterministic for a seed and independent of the thread count: each window's gradient goes to
 * its own slot and the slots are summed in window order.
 */
public final class Trainer {
    public static final String VERSION = "surprisal-trainer/1";

    /** Receives one call per epoch. */
    public interface Progress {
        void epoch(int epoch, int maxEpochs, double trainLoss, double validationLoss, double bestLoss, long elapsedMs);
    }

    private final TrainConfig config;
    private final Progress progress;

    public Trainer(TrainConfig config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    /** Random initial weights for the configured cell (uniform ±1/√H, forget-gate bias 1 for LSTM, small head). */
    public static float[] initialWeights(Layout l, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[l.size];
        double k = 1 / Math.sqrt(l.hidden);
        for (int i = 0; i < l.b; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * k);
        }
        if (l.cell == CellType.LSTM) {
            for (int i = l.hidden; i < 2 * l.hidden; i++) {
                w[l.b + i] = 1f;
            }
        }
        for (int i = l.head; i < l.headBias; i++) {
            w[i] = (float) ((rnd.nextDouble() * 2 - 1) * 0.01);
        }
        return w;
    }

    /** A fresh, untrained model of the configured shape. */
    public static Model untrained(TrainConfig c, String name) {
        Layout layout = new Layout(c.cell(), c.hidden(), c.features().count());
        return new Model(name, "untrained", layout, initialWeights(layout, c.seed()), c.features(), c.normalization(), null);
    }

    /**
     * The same function with more input features: the weights from the new inputs (to the gates
     * and to the head) start at zero, so the extended model predicts exactly what {@code m} does
     * until training teaches it to use them.
     */
    public static Model withFeatures(Model m, Features features) {
        Layout a = m.layout();
        if (features.count() < a.inputs) {
            throw new IllegalArgumentException("can only add features: " + m.features().describe() + " -> " + features.describe());
        }
        Layout b = new Layout(a.cell, a.hidden, features.count());
        float[] wa = m.weights();
        float[] wb = new float[b.size];
        System.arraycopy(wa, a.wx, wb, b.wx, a.inputs * a.gh);
        System.arraycopy(wa, a.wh, wb, b.wh, a.head - a.wh); // recurrent weights, biases (and GRU's bhn)
        for (int row = 0; row < 2; row++) {
            System.arraycopy(wa, a.head + row * a.headWidth, wb, b.head + row * b.headWidth, a.headWidth);
        }
        wb[b.headBias] = wa[a.headBias];
        wb[b.headBias + 1] = wa[a.headBias + 1];
        return new Model(m.name(), m.version() + "+" + features.describe(), b, wb, features, m.normalization(), m.training());
    }

    /** Splits series into training and validation deterministically by seed. */
    public static List<List<SeriesHistory>> split(List<SeriesHistory> all, double validationShare, long seed) {
        List<SeriesHistory> shuffled = new ArrayList<>(all);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            SeriesHistory t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        int nVal = Math.max(1, (int) Math.round(all.size() * validationShare));
        if (nVal >= all.size()) {
            throw new IllegalArgumentException("need at least 2 series to hold some back for validation, got " + all.size());
        }
        return List.of(shuffled.subList(nVal, shuffled.size()), shuffled.subList(0, nVal));
    }

    /**
     * Trains from {@code start} (or from random weights when null) on {@code train}, validating on
     * {@code validation}; returns the best weights as a model named {@code name}.
     */
    public TrainResult train(List<SeriesHistory> train, List<SeriesHistory> validation, Model start,
                             String name, String version, String dataFrom, String dataTo, String recipe) {
        Model base = start != null ? start : untrained(config, name);
        List<EncodedSeries> trainSet = encodeAll(train, base);
        List<Scored> valSet = encodeAll(validation, base).stream().map(es -> new Scored(es, config.burn())).toList();
        List<Span> spans = trainSet.stream().map(es -> new Span(es, es.steps())).toList();
        return run(spans, valSet, base, name, version, train.size() + validation.size(), dataFrom, dataTo, recipe);
    }

    /**
     * Fine-tunes {@code start} on one series' own history with a time split: training windows come
     * from the older {@code 1 - validationShare} of the steps, and the validation loss is measured
     * on the newest share only (the network runs over the whole history to get there, so the
     * validated steps see their true context). Nothing from after the history is used.
     */
    public TrainResult fineTune(SeriesHistory history, Model start, double validationShare, String version) {
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must be in (0, 1), was " + validationShare);
        }
        EncodedSeries es = EncodedSeries.encode(history, start);
        int split = (int) Math.round(es.steps() * (1 - validationShare));
        if (split < config.window() || split >= es.steps()) {
            throw new IllegalArgumentException("series " + history.id() + " has " + es.steps()
                    + " steps: too short to fine-tune with window " + config.window());
        }
        long n = history.size();
        String from = n == 0 ? "" : Instant.ofEpochMilli(history.timestamps()[0]).toString();
        String to = n == 0 ? "" : Instant.ofEpochMilli(history.timestamps()[history.size() - 1]).toString();
        return run(List.of(new Span(es, split)), List.of(new Scored(es, Math.max(split, config.burn()))), start,
                start.name(), version, 1, from, to, "fine-tune of " + start.version() + " on " + history.id());
    }

    /** Training windows are cut from the first {@code steps} steps of a series. */
    private record Span(EncodedSeries series, int steps) {
    }

    /** Validation runs a whole series from a zero state and counts the loss of steps {@code from} onwards. */
    private record Scored(EncodedSeries series, int from) {
        int counted() {
            return Math.max(0, series.steps() - from);
        }
    }

    private TrainResult run(List<Span> spans, List<Scored> valSet, Model base, String name, String version,
                            long seriesCount, String dataFrom, String dataTo, String recipe) {
        long t0 = System.currentTimeMillis();
        Layout layout = base.layout();
        List<Span> usable = spans.stream().filter(s -> s.steps() >= config.window()).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no training series has " + (config.window() + 1) + " points or more");
        }
        long[] cumulative = new long[usable.size()];
        long total = 0;
        for (int i = 0; i < usable.size(); i++) {
            total += usable.get(i).steps() - config.window() + 1;
            cumulative[i] = total;
        }

        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            double[] w = toDouble(base.weights());
            Network[] nets = new Network[config.threads()];
            for (int i = 0; i < nets.length; i++) {
                nets[i] = new Network(layout);
            }
            double initial = validate(pool, nets, w, valSet);
            double best = initial;
            double[] bestW = w.clone();
            double[][] slots = new double[config.batch()][layout.size];
            double[] grad = new double[layout.size];
            double[] m = new double[layout.size];
            double[] v = new double[layout.size];
            SplittableRandom rnd = new SplittableRandom(config.seed());
            int[] seriesOf = new int[config.batch()];
            int[] startOf = new int[config.batch()];
            double[] lossOf = new double[config.batch()];
            long adamStep = 0;
            long windows = 0;
            int epoch = 0;
            int sinceBest = 0;
            while (epoch < config.maxEpochs() && sinceBest < config.patience()) {
                epoch++;
                double epochLoss = 0;
                long epochSteps = 0;
                for (int s = 0; s < config.stepsPerEpoch(); s++) {
                    for (int b = 0; b < config.batch(); b++) {
                        long pick = rnd.nextLong(total);
                        int idx = lowerBound(cumulative, pick);
                        long before = idx == 0 ? 0 : cumulative[idx - 1];
                        seriesOf[b] = idx;
                        startOf[b] = (int) (pick - before);
                    }
                    double scale = 1.0 / (config.batch() * (double) (config.window() - config.burn()));
                    parallel(pool, config.batch(), (worker, b) -> {
                        double[] slot = slots[b];
                        java.util.Arrays.fill(slot, 0);
                        EncodedSeries es = usable.get(seriesOf[b]).series();
                        lossOf[b] = nets[worker].run(w, es.inputs(), es.targets(), startOf[b], config.window(),
                                config.burn(), slot, scale);
                    });
                    java.util.Arrays.fill(grad, 0);
                    for (int b = 0; b < config.batch(); b++) {
                        double[] slot = slots[b];
                        for (int i = 0; i < grad.length; i++) {
                            grad[i] += slot[i];
                        }
                        epochLoss += lossOf[b];
                        epochSteps += config.window() - config.burn();
                    }
                    clip(grad, config.clipNorm());
                    adam(w, grad, m, v, ++adamStep, config.learningRate());
                    windows += config.batch();
                }
                double val = validate(pool, nets, w, valSet);
                if (val < best - 1e-6) {
                    best = val;
                    bestW = w.clone();
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
                if (progress != null) {
                    progress.epoch(epoch, config.maxEpochs(), epochLoss / Math.max(1, epochSteps), val, best,
                            System.currentTimeMillis() - t0);
                }
            }
            TrainingInfo info = new TrainingInfo(dataFrom, dataTo, seriesCount, best, Instant.now().toString(), VERSION, recipe);
            Model result = new Model(name, version, layout, toFloat(bestW), base.features(), base.normalization(), info);
            return new TrainResult(result, initial, best, epoch, windows, System.currentTimeMillis() - t0);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Mean loss per step of {@code model} over whole validation series, replayed from a zero state. */
    public double evaluate(Model model, List<SeriesHistory> validation) {
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        try {
            Network[] nets = new Network[config.threads()];
            for (int i = 0; i < nets.length; i++) {
                nets[i] = new Network(model.layout());
            }
            List<Scored> set = encodeAll(validation, model).stream().map(es -> new Scored(es, config.burn())).toList();
            return validate(pool, nets, toDouble(model.weights()), set);
        } finally {
            pool.shutdownNow();
        }
    }

    private double validate(ExecutorService pool, Network[] nets, double[] w, List<Scored> set) {
        double[] losses = new double[set.size()];
        parallel(pool, set.size(), (worker, i) -> {
            Scored one = set.get(i);
            EncodedSeries es = one.series();
            losses[i] = one.counted() > 0
                    ? nets[worker].run(w, es.inputs(), es.targets(), 0, es.steps(), one.from(), null, 0) : 0;
        });
        double sum = 0;
        long steps = 0;
        for (int i = 0; i < set.size(); i++) {
            sum += losses[i];
            steps += set.get(i).counted();
        }
        return steps == 0 ? Double.NaN : sum / steps;
    }

    private List<EncodedSeries> encodeAll(List<SeriesHistory> series, Model model) {
        return series.parallelStream().map(s -> EncodedSeries.encode(s, model)).toList();
    }

    private interface Task {
        void run(int worker, int index);
    }

    /** Runs indices 0..n-1, worker k taking k, k+T, k+2T...; each worker owns its Network. */
    private void parallel(ExecutorService pool, int n, Task task) {
        int workers = Math.min(config.threads(), Math.max(1, n));
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int k = 0; k < workers; k++) {
            final int worker = k;
            futures.add(pool.submit(() -> {
                for (int i = worker; i < n; i += workers) {
                    task.run(worker, i);
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("training worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    static void clip(double[] g, double maxNorm) {
        double sq = 0;
        for (double v : g) {
            sq += v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            double s = maxNorm / norm;
            for (int i = 0; i < g.length; i++) {
                g[i] *= s;
            }
        }
    }

    private static void adam(double[] w, double[] g, double[] m, double[] v, long t, double lr) {
        final double b1 = 0.9;
        final double b2 = 0.999;
        final double eps = 1e-8;
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < w.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
    }

    private static int lowerBound(long[] cumulative, long pick) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > pick) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
