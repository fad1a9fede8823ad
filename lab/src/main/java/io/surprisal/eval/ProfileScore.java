package io.surprisal.eval;

import java.util.List;

/**
 * A detector's NAB result for one profile over a set of files, at one threshold.
 *
 * @param threshold the score at or above which a row is a detection (+infinity: none is)
 */
public record ProfileScore(CostProfile profile, double threshold, List<FileScore> files) {

    public ProfileScore {
        files = List.copyOf(files);
    }

    public double raw() {
        return files.stream().mapToDouble(FileScore::raw).sum();
    }

    public int windows() {
        return files.stream().mapToInt(FileScore::windows).sum();
    }

    public int detectedWindows() {
        return files.stream().mapToInt(FileScore::detectedWindows).sum();
    }

    public int falsePositives() {
        return files.stream().mapToInt(FileScore::falsePositives).sum();
    }

    /** Every window missed: what a detector that never fires gets. */
    public double nullScore() {
        return -profile.fnWeight() * windows();
    }

    /** Every window hit at its first row, and nothing else. */
    public double perfectScore() {
        return profile.tpWeight() * windows();
    }

    /** 100 × (raw − null) / (perfect − null): 0 for the null detector, 100 for the perfect one. */
    public double normalised() {
        double range = perfectScore() - nullScore();
        return range == 0 ? Double.NaN : 100.0 * (raw() - nullScore()) / range;
    }

    /** The same result restricted to the files of one category, at the same threshold. */
    public ProfileScore category(String category) {
        return new ProfileScore(profile, threshold, files.stream().filter(f -> f.category().equals(category)).toList());
    }
}
