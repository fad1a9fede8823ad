package io.surprisal.eval;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints NAB results as one table per profile, a row per category, and the one-line summary. */
final class ReportTable {

    private ReportTable() {
    }

    static void print(List<ProfileScore> results, List<String> categories, PrintWriter out) {
        for (ProfileScore result : results) {
            out.printf(Locale.ROOT, "%nprofile %s (tp %.2f, fp %.2f, fn %.2f), threshold %s%n",
                    result.profile().name(), result.profile().tpWeight(), result.profile().fpWeight(),
                    result.profile().fnWeight(), threshold(result.threshold()));
            out.printf(Locale.ROOT, "  %-28s %5s %7s %8s %6s %6s %9s %7s%n",
                    "category", "files", "windows", "detected", "missed", "FP", "raw", "score");
            for (String category : categories) {
                row(out, category, result.category(category));
            }
            row(out, "all", result);
        }
    }

    private static void row(PrintWriter out, String label, ProfileScore score) {
        out.printf(Locale.ROOT, "  %-28s %5d %7d %8d %6d %6d %9.3f %7.1f%n", label, score.files().size(),
                score.windows(), score.detectedWindows(), score.windows() - score.detectedWindows(),
                score.falsePositives(), score.raw(), score.normalised());
    }

    /** The last line of an eval run: {@code standard=S reward_low_FP_rate=S reward_low_FN_rate=S}. */
    static String summaryLine(List<ProfileScore> results) {
        return results.stream()
                .map(r -> String.format(Locale.ROOT, "%s=%.1f", r.profile().name(), r.normalised()))
                .collect(Collectors.joining(" "));
    }

    /** In full: thresholds near 1 differ in the 12th digit, and rounding would hide which one won. */
    static String threshold(double threshold) {
        return Double.isInfinite(threshold) ? "none (no detections)" : Double.toString(threshold);
    }
}
