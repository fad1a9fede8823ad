package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Layout;
import io.surprisal.model.Model;
import io.surprisal.model.TrainingInfo;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop: truncated back-propagation through time over windows cut across many series
 * ({@link WindowSampler}), Gaussian negative log-likelihood, {@link Adam} with global gradient-norm
 * clipping, and early stopping on the loss of held-back series replayed whole from a zero state (the
 * way the detector meets them). Where the weights start is {@link ModelFactory}'s; which series are held
 * back is {@link ValidationSplit}'s; the threads are {@link Workers}.
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

    /**
     * Trains from {@code start} (or from random weights when null) on {@code train}, validating on
     * {@code validation}; returns the best weights as a model named {@code name}.
     */
    public TrainResult train(List<SeriesHistory> train, List<SeriesHistory> validation, Model start,
                             String name, String version, String dataFrom, String dataTo, String recipe) {
        Model base = start != null ? start : ModelFactory.untrained(config, name);
        List<EncodedSeries> trainSet = encodeAll(train, base);
        List<Scored> valSet = encodeAll(validation, base).stream().map(es -> new Scored(es, config.warmupSteps())).toList();
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
        return run(List.of(new Span(es, split)), List.of(new Scored(es, Math.max(split, config.warmupSteps()))), start,
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
        WindowSampler sampler = new WindowSampler(usable.stream().map(Span::steps).toList(), config.window());
        try (Workers workers = new Workers(config.threads(), layout)) {
            double[] w = toDouble(base.weights());
            double initial = validate(workers, w, valSet);
            double best = initial;
            double[] bestW = w.clone();
            double[][] slots = new double[config.batch()][layout.size];
            double[] grad = new double[layout.size];
            Adam adam = new Adam(layout.size, config.learningRate(), config.clipNorm());
            SplittableRandom rnd = new SplittableRandom(config.seed());
            int[] seriesOf = new int[config.batch()];
            int[] startOf = new int[config.batch()];
            double[] lossOf = new double[config.batch()];
            double scale = 1.0 / (config.batch() * (double) (config.window() - config.warmupSteps()));
            long windows = 0;
            int epoch = 0;
            int sinceBest = 0;
            while (epoch < config.maxEpochs() && sinceBest < config.patience()) {
                epoch++;
                double epochLoss = 0;
                long epochSteps = 0;
                for (int s = 0; s < config.stepsPerEpoch(); s++) {
                    sampler.draw(rnd, seriesOf, startOf);
                    workers.forEach(config.batch(), (net, b) -> {
                        double[] slot = slots[b];
                        java.util.Arrays.fill(slot, 0);
                        EncodedSeries es = usable.get(seriesOf[b]).series();
                        lossOf[b] = net.run(w, es.inputs(), es.targets(), startOf[b], config.window(), config.warmupSteps(), slot, scale);
                    });
                    // Summed in window order, whatever thread computed which window: the run is the same on any machine.
                    java.util.Arrays.fill(grad, 0);
                    for (int b = 0; b < config.batch(); b++) {
                        double[] slot = slots[b];
                        for (int i = 0; i < grad.length; i++) {
                            grad[i] += slot[i];
                        }
                        epochLoss += lossOf[b];
                        epochSteps += config.window() - config.warmupSteps();
                    }
                    adam.step(w, grad);
                    windows += config.batch();
                }
                double val = validate(workers, w, valSet);
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
        }
    }

    /** Mean loss per step of {@code model} over whole validation series, replayed from a zero state. */
    public double evaluate(Model model, List<SeriesHistory> validation) {
        try (Workers workers = new Workers(config.threads(), model.layout())) {
            List<Scored> set = encodeAll(validation, model).stream().map(es -> new Scored(es, config.warmupSteps())).toList();
            return validate(workers, toDouble(model.weights()), set);
        }
    }

    private double validate(Workers workers, double[] w, List<Scored> set) {
        double[] losses = new double[set.size()];
        workers.forEach(set.size(), (net, i) -> {
            Scored one = set.get(i);
            EncodedSeries es = one.series();
            losses[i] = one.counted() > 0 ? net.run(w, es.inputs(), es.targets(), 0, es.steps(), one.from(), null, 0) : 0;
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
