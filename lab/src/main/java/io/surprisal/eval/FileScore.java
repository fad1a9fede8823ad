package io.surprisal.eval;

/**
 * One file's NAB outcome at a given threshold and profile.
 *
 * @param windows windows that can be scored (not wholly in the probation period)
 * @param detectedWindows windows with at least one detection
 * @param falsePositives detections outside every window, after the probation period
 * @param raw the file's raw score: window rewards, missed-window costs and false-positive costs
 */
public record FileScore(String key, String category, int windows, int detectedWindows, int falsePositives,
                        double raw) {

    public int missedWindows() {
        return windows - detectedWindows;
    }
}
