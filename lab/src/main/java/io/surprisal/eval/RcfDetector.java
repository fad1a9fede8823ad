package io.surprisal.eval;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Random Cut Forest peer: Amazon's {@link ThresholdedRandomCutForest} with the library's
 * defaults (one input value per point; trees, sample size, shingling, transform and thresholder as
 * shipped), seeded from the series name so that runs repeat exactly.
 *
 * <p>The default score is the forest's raw anomaly score over its nominal maximum, log2(sample
 * size), which is how NAB mapped Kinesis RCF (whose published results are the 55.7 reference). The
 * thresholder's grade is available too, but with default settings it flags about one point in a
 * hundred, and under NAB's false-positive costs the best grade threshold is then never to fire.
 */
public final class RcfDetector implements DetectorFactory {

    /** How the forest's output becomes a score in [0, 1]. */
    public enum ScoreMapping {
        /** The thresholder's anomaly grade: 0 unless it flags the point, then up to 1. */
        GRADE,
        /** The raw RCF score divided by log2(sample size), its nominal maximum, capped at 1 (as NAB did for Kinesis RCF). */
        SCALED_SCORE
    }

    private static final long BASE_SEED = 0x5EEDL;

    private final ScoreMapping mapping;

    public RcfDetector() {
        this(ScoreMapping.SCALED_SCORE);
    }

    public RcfDetector(ScoreMapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public String name() {
        return "rcf";
    }

    @Override
    public SeriesScorer create(String seriesName) {
        // String.hashCode is fixed by the language spec, so the seed is the same on every JVM.
        return new Forest(newForest(BASE_SEED ^ seriesName.hashCode()), mapping);
    }

    private static ThresholdedRandomCutForest newForest(long seed) {
        return ThresholdedRandomCutForest.builder().dimensions(1).randomSeed(seed).build();
    }

    @Override
    public Map<String, Object> settings() {
        RandomCutForest forest = newForest(BASE_SEED).getForest();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("library", "software.amazon.randomcutforest:randomcutforest-parkservices:4.2.0");
        settings.put("model", "ThresholdedRandomCutForest, builder defaults, dimensions=1");
        settings.put("shingleSize", forest.getShingleSize());
        settings.put("numberOfTrees", forest.getNumberOfTrees());
        settings.put("sampleSize", forest.getSampleSize());
        settings.put("timeDecay", forest.getTimeDecay());
        settings.put("outputAfter", forest.getOutputAfter());
        settings.put("seed", "0x5EED xor seriesName.hashCode()");
        settings.put("scoreMapping", mapping.name());
        return settings;
    }

    private static final class Forest implements SeriesScorer {

        private final ThresholdedRandomCutForest forest;
        private final ScoreMapping mapping;
        private final double maxScore;
        private long sequence;

        Forest(ThresholdedRandomCutForest forest, ScoreMapping mapping) {
            this.forest = forest;
            this.mapping = mapping;
            this.maxScore = Math.log(forest.getForest().getSampleSize()) / Math.log(2);
        }

        @Override
        public double score(long timestampMillis, double value) {
            // STANDARD mode uses the timestamp only as a label; the arrival sequence keeps duplicate
            // or backward timestamps in the data from mattering to the library.
            AnomalyDescriptor result = forest.process(new double[] {value}, sequence++);
            return switch (mapping) {
                case GRADE -> clamp(result.getAnomalyGrade());
                case SCALED_SCORE -> clamp(result.getRCFScore() / maxScore);
            };
        }

        private static double clamp(double x) {
            return Double.isNaN(x) ? 0.0 : Math.max(0.0, Math.min(1.0, x));
        }
    }
}
