package io.surprisal.eval;

import java.nio.file.Path;

/**
 * One series of a UCR-archive-layout folder, as {@code labels.csv} describes it: {@code nPoints}
 * values, the anomaly-free prefix {@code [0, trainEnd)}, and the one anomaly
 * {@code [anomalyStart, anomalyEnd]} (0-based, inclusive). The anomaly is for the scorer only.
 *
 * @param file      the file name as written in labels.csv, e.g. {@code 001_UCR_Anomaly_35000.txt.gz}
 * @param path      where the values are
 */
public record UcrSeries(String file, Path path, int nPoints, int trainEnd, int anomalyStart, int anomalyEnd) {

    /** The file name without {@code .txt.gz} (or {@code .gz}, {@code .txt}): names the output CSV. */
    public String name() {
        for (String suffix : new String[] {".txt.gz", ".gz", ".txt"}) {
            if (file.endsWith(suffix) && file.length() > suffix.length()) {
                return file.substring(0, file.length() - suffix.length());
            }
        }
        return file;
    }
}
