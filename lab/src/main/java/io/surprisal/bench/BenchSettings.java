package io.surprisal.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What to run: input size, guarantee, topic partitions, warm-up, the latency probe's measured length and its warm-up pass's,
 * a fixed latency-probe rate (0 = half the detector's), whether to add
 * the scale figures (heap, store bytes per series, restore time), which topology goes first, whether the detector keeps
 * daily profiles, which shaped baselines to measure too (none, or the detector's shape and any others), how many times
 * the baseline and the detector are measured in turn (the ratio is the median), the Streams settings that every
 * topology shares, where to write the latency probe's measured pass point by point (null: nowhere), and whether the
 * points take the repartition topic by series id first, as with a spec's default input ({@code input.keyIsSeries: false}),
 * or each topology reads the points topic itself (keyed by series: the default here, the cheapest route), and how long to
 * measure what the detector's threads spend with nothing to read (0: not at all).
 */
public record BenchSettings(int series, long points, String guarantee, int partitions, long warmupPoints,
                            int latencySeconds, int latencyWarmupSeconds, double latencyRate, boolean scale, boolean detectorFirst,
                            boolean dailyProfile, List<ShapedSize> shapedSizes, int repeat, Properties streamsOverrides,
                            Path latencyCsv, boolean repartition, int idleSeconds) {
    public BenchSettings {
        if (series <= 0 || points <= 0) {
            throw new IllegalArgumentException("series and points must be positive");
        }
        if (!guarantee.equals("exactly_once_v2") && !guarantee.equals("at_least_once")) {
            throw new IllegalArgumentException("guarantee must be exactly_once_v2 or at_least_once, was " + guarantee);
        }
        if (latencySeconds < 0 || latencyWarmupSeconds < 0) {
            throw new IllegalArgumentException("the latency probe's lengths cannot be negative");
        }
        if (idleSeconds < 0) {
            throw new IllegalArgumentException("idle seconds cannot be negative, was " + idleSeconds);
        }
        if (repeat < 1) {
            throw new IllegalArgumentException("repeat must be at least 1, was " + repeat);
        }
        shapedSizes = List.copyOf(shapedSizes);
    }

    public boolean shapedBaseline() {
        return !shapedSizes.isEmpty();
    }
}
