package io.surprisal.eval;

import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;

import java.util.List;
import java.util.Map;

/**
 * The detectors {@code eval --detector NAME} can run. This is the hook where the recurrent
 * "surprisal" detector gets wired in.
 */
public final class DetectorFactories {

    public static final String SURPRISAL = "surprisal";
    /** The same detector, with the model fine-tuned on each series' own past as it goes (slower, see FineTuning). */
    public static final String SURPRISAL_FT = "surprisal-ft";
    public static final String RCF = "rcf";
    public static final String GAUSSIAN = "gaussian";

    private DetectorFactories() {
    }

    public static List<String> names() {
        return List.of(SURPRISAL, SURPRISAL_FT, RCF, GAUSSIAN, FirstDifferenceDetector.NAME);
    }

    /**
     * The detector {@code name} with the shipped defaults: the generic model, the daily profile, tuning on a prefix
     * with its period model, the default scoring and {@code train}'s seed.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static DetectorFactory byName(String name) {
        return byName(name, null, true, true, true, Map.of(), null);
    }

    /**
     * @param model        the model of the recurrent detectors, or null for the shipped generic model
     * @param dailyProfile whether the recurrent detectors also judge each value against its hour's usual value
     * @param tunePrefix   whether the recurrent detector learns from the history (NAB's round, each UCR prefix's tuning)
     * @param periodModel  whether tuning on a prefix also learns the series' period model (see
     *                     io.surprisal.train.SeasonalFit)
     * @param scoring      settings of the recurrent detectors' scoring that differ from the shipped defaults, by name
     *                     (see {@link ScoringConfig#with}): what an ablation changes
     * @param seed         the seed the surprisal detector learns with, or null for {@code train}'s: how much of a
     *                     figure is the luck of one draw
     * @throws IllegalArgumentException for an unknown name or setting, or a choice given to a detector that has none
     */
    public static DetectorFactory byName(String name, Model model, boolean dailyProfile, boolean tunePrefix,
                                         boolean periodModel, Map<String, String> scoring, Long seed) {
        if (seed != null && !name.equals(SURPRISAL)) {
            throw new IllegalArgumentException("--seed is for the surprisal detector; " + name
                    + (name.equals(SURPRISAL_FT) ? " tunes with its own fixed settings" : " learns nothing"));
        }
        if (seed != null && !tunePrefix) {
            throw new IllegalArgumentException("--seed is for the trainer, which --no-tune leaves out");
        }
        boolean recurrent = name.equals(SURPRISAL) || name.equals(SURPRISAL_FT);
        if (model != null && !recurrent) {
            throw new IllegalArgumentException("--model is for the surprisal detectors; " + name + " has no model");
        }
        if (!tunePrefix && !recurrent) {
            throw new IllegalArgumentException("--no-tune is for the surprisal detectors; " + name + " has no model to tune");
        }
        if (!scoring.isEmpty() && !recurrent) {
            throw new IllegalArgumentException("--scoring is for the surprisal detectors; " + name + " has no such scoring");
        }
        if (!periodModel && !recurrent) {
            throw new IllegalArgumentException("--no-period-model is for the surprisal detectors; " + name + " has no model");
        }
        if (!dailyProfile && !recurrent) {
            throw new IllegalArgumentException("--no-daily-profile is for the surprisal detectors; " + name + " has no daily profile");
        }
        Model m = model != null ? model : ModelDocument.generic();
        ScoringConfig config = ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL).withDailyProfile(dailyProfile);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(scoring).entrySet()) {
            config = config.with(e.getKey(), e.getValue());
        }
        return switch (name) {
            case SURPRISAL -> {
                SurprisalDetector surprisal = new SurprisalDetector(m, config, null, tunePrefix, periodModel);
                yield seed == null ? surprisal : surprisal.withSeed(seed);
            }
            case SURPRISAL_FT -> new SurprisalDetector(m, config, FineTuning.MEASURED);
            case RCF -> new RcfDetector();
            case GAUSSIAN -> new GaussianDetector();
            case FirstDifferenceDetector.NAME -> new FirstDifferenceDetector();
            default -> throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + names());
        };
    }
}
