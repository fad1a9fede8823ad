package io.surprisal.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simplest reference on the UCR archive: the absolute first difference {@code s = |x[t] - x[t-1]|},
 * mapped into [0, 1) by {@code s / (1 + s)}, which keeps the order of the differences. The first point
 * of a series scores 0. It learns nothing, so the training prefix only supplies the previous value.
 */
public final class FirstDifferenceDetector implements DetectorFactory {

    public static final String NAME = "diff";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SeriesScorer create(String seriesName) {
        return new SeriesScorer() {
            private double previous = Double.NaN;

            @Override
            public double score(long timestampMillis, double value) {
                if (Double.isNaN(value)) {
                    return 0.0;
                }
                double last = previous;
                previous = value;
                if (Double.isNaN(last)) {
                    return 0.0;
                }
                double s = Math.abs(value - last);
                return Double.isInfinite(s) ? 1.0 : s / (1.0 + s);
            }
        };
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("score", "s / (1 + s) with s = |x[t] - x[t-1]|; 0 for the first point");
        return settings;
    }
}
