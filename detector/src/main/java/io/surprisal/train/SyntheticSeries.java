package io.surprisal.train;

import io.surprisal.history.SeriesHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The recipe behind the generic model: synthetic series only, no benchmark data. Each series
 * mixes a shape (sines with harmonics and drift, random walks, level shifts, sawtooth, spikes,
 * autoregressive noise), a sampling interval (1 min to 1 h, some with jitter and gaps), a level
 * and a noise level; a share is rounded to integers the way counters are. Deterministic for a seed.
 */
public final class SyntheticSeries {
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long[] INTERVALS_S = {60, 300, 600, 3600};
    private static final int[] PERIODS = {12, 24, 48, 96, 144, 288};

    enum Shape { SINE, RANDOM_WALK, LEVEL_SHIFTS, SAWTOOTH, SPIKES, AUTOREGRESSIVE }

    private SyntheticSeries() {
    }

    public static List<SeriesHistory> generate(int count, int length, long seed) {
        List<SeriesHistory> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(one(i, length, new SplittableRandom(seed * 1_000_003L + i)));
        }
        return out;
    }

    static SeriesHistory one(int index, int length, SplittableRandom r) {
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        long interval = INTERVALS_S[r.nextInt(INTERVALS_S.length)] * 1000;
        boolean jitter = r.nextDouble() < 0.2;
        double level = Math.pow(10, r.nextDouble() * 4 - 1) * (r.nextDouble() < 0.1 ? -1 : 1);
        double noise = Math.abs(level) * (0.005 + 0.1 * r.nextDouble()) + 1e-3;
        double amplitude = noise * (1 + 15 * r.nextDouble());
        int period = PERIODS[r.nextInt(PERIODS.length)];
        double drift = (r.nextDouble() - 0.5) * noise * 0.01;
        double phi = 0.5 + 0.49 * r.nextDouble();
        boolean integer = r.nextDouble() < 0.15;
        if (integer) {
            level = Math.round(Math.abs(level)) + 1;
            noise = Math.max(noise, 0.7);
            amplitude = Math.max(amplitude, 2);
        }

        long[] ts = new long[length];
        double[] v = new double[length];
        long t = START + r.nextLong(7 * 86_400_000L);
        double state = 0;
        double shift = 0;
        double phase = r.nextDouble() * 2 * Math.PI;
        for (int i = 0; i < length; i++) {
            long step = interval;
            if (jitter) {
                step = Math.max(1000, (long) (interval * (0.9 + 0.2 * r.nextDouble())));
            }
            if (r.nextDouble() < 0.002) {
                step *= 2 + r.nextInt(20); // a gap in the data
            }
            t += step;
            ts[i] = t;
            double e = gaussian(r) * noise;
            double x = switch (shape) {
                case SINE -> amplitude * (Math.sin(2 * Math.PI * i / period + phase)
                        + 0.3 * Math.sin(4 * Math.PI * i / period + 2 * phase)) + drift * i + e;
                case RANDOM_WALK -> state += gaussian(r) * noise * 0.5;
                case LEVEL_SHIFTS -> {
                    if (r.nextDouble() < 0.002) {
                        shift += (r.nextBoolean() ? 1 : -1) * noise * (3 + 7 * r.nextDouble());
                    }
                    yield shift + e;
                }
                case SAWTOOTH -> amplitude * ((i + period * phase) % period) / period + e;
                case SPIKES -> e + (r.nextDouble() < 0.003 ? (r.nextBoolean() ? 1 : -1) * noise * (5 + 10 * r.nextDouble()) : 0);
                case AUTOREGRESSIVE -> state = phi * state + e;
            };
            if (shape == Shape.RANDOM_WALK) {
                x += e;
            }
            double value = level + x;
            v[i] = integer ? Math.max(0, Math.round(value)) : value;
        }
        return new SeriesHistory("synthetic/" + shape.name().toLowerCase() + "/" + index, ts, v);
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }
}
