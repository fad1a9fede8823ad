package io.surprisal.eval;

import java.util.List;

/**
 * The detectors {@code eval --detector NAME} can run. This is the hook where the recurrent
 * "surprisal" detector gets wired in.
 */
public final class DetectorFactories {

    public static final String SURPRISAL = "surprisal";
    public static final String RCF = "rcf";
    public static final String GAUSSIAN = "gaussian";

    private DetectorFactories() {
    }

    public static List<String> names() {
        return List.of(SURPRISAL, RCF, GAUSSIAN);
    }

    /**
     * @throws IllegalArgumentException for an unknown name, or for a detector not available yet
     */
    public static DetectorFactory byName(String name) {
        return switch (name) {
            case SURPRISAL -> new SurprisalDetector();
            case RCF -> new RcfDetector();
            case GAUSSIAN -> new GaussianDetector();
            default -> throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + names());
        };
    }
}
