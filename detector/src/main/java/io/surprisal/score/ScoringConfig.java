package io.surprisal.score;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * How surprisal becomes a score; one setting for every series of a deployment.
 *
 * @param historyCapacity  K: normalised inputs kept per series and replayed when a new model arrives (the spec
 *                         names it scoring.historyCapacity)
 * @param warmup           points before scores count: scores are 0 and flagged warm-up until then
 * @param settle           points before the surprisal statistics start (the normaliser's cold start is not evidence)
 * @param shortWindow      points in the short average of surprisal (as an exponential average of that span)
 * @param longHorizon      points the long-run mean and variance of the short average remember
 * @param minLongStd       floor of the long-run standard deviation of the short average (decimal digits of surprisal)
 * @param threshold        score at or above which a point is flagged anomalous
 * @param band             probability mass of the central band reported around the expected value
 * @param order            late and duplicate points
 * @param rangeTolerance   a value beyond the whole range seen so far by more than this share of the range is a
 *                         new extreme and fires, ranked by how far beyond (0 turns the check off)
 * @param rangeAfter       points a series must have before new extremes count (its range has to be established)
 * @param hourlyBaseline   judge surprisal against what is usual at the same hour of day too (see AnomalyLikelihood)
 * @param dailyProfile     judge each value against the series' usual value at its hour of day as well (see
 *                         DailyDeviation); the score is the larger of the two judgements
 * @param anomalyLearning  how much a point judged red (tail probability at most 1e-5) teaches the series' statistics
 *                         (normaliser, likelihoods, daily profile), relative to a normal point: 1 learns from
 *                         anomalies as from anything else; less keeps a lasting fault visible for longer
 * @param timeZone         the zone whose wall clock the hours of day and the weekends of the daily parts are read in
 *                         (daily profile, hourly baselines): UTC by default
 */
public record ScoringConfig(int historyCapacity, int warmup, int settle, int shortWindow, double longHorizon,
                            double minLongStd, double threshold, double band, OrderPolicy order,
                            double rangeTolerance, int rangeAfter, boolean hourlyBaseline,
                            boolean dailyProfile, double anomalyLearning, ZoneId timeZone) {
    public static final double DEFAULT_RANGE_TOLERANCE = 0.05;
    /**
     * Points a series needs before its range counts as established (it also has to span a whole day). Any
     * count from 0 to 900 scores NAB alike (69.9–70.1): the day does most of the work. From 1000 on, new
     * extremes between a file's 900th and 1000th point went unjudged and NAB lost two realTraffic windows
     * (68.6, the previous default); below 750 (a month of an hourly series) realAdExchange loses a window,
     * which the rest of the corpus makes up. 500 sits in the middle.
     */
    public static final int DEFAULT_RANGE_AFTER = 500;
    /**
     * Points in the short average of the surprisal of a value's deviation (from its hour's usual value,
     * or from its recent level before the daily profile is ready): what it is for is a stretch of the day
     * gone wrong, or a level that moved, not a single odd point.
     */
    public static final int DAILY_SHORT_WINDOW = 30;

    /** A red point teaches a tenth of what a normal one does: a lasting fault is absorbed ten times more slowly. */
    public static final double DEFAULT_ANOMALY_LEARNING = 0.1;

    /**
     * Flag a point at the red line (a tail probability of 10⁻⁵, score 5/6, rounded down so that a point
     * exactly on it counts): then a flagged point is a firing of the red-run filter (AnomalyLikelihood#fireOnce),
     * one per episode unless it grows. At 0.8 (10⁻⁴) every point of a surprise that lingers between 10⁻⁴ and
     * 10⁻⁵ was flagged as well, unfiltered: on the demo's series that took precision from 0.87 to 0.79.
     */
    public static final double DEFAULT_THRESHOLD = 0.833;

    /**
     * The floor of the long-run spread of a short average of surprisal: about how much the average over 30
     * points varies for a model that is calibrated and whose errors are independent. Each point's tail
     * surprisal is then −log10 of a uniform number, whose spread is 1/ln 10 = 0.434 digits, and an
     * exponential average over w points (weight 2/(w + 1)) divides the spread by √w: 0.434/√30 = 0.079. A
     * series whose surprise varies less than that (a model too wide for it, a very regular series) is not
     * judged more strictly than a calibrated one. It was 0.05: on NAB 0.05 / 0.06 / 0.07 / 0.08 / 0.09 /
     * 0.1 score 70.3 / 70.7 / 70.9 / 71.1 / 71.1 / 70.0; UCR finds the same 78 series at 0.05, 0.07 and
     * 0.08; the demo's precision and recall go from 0.867 / 0.853 to 0.877 / 0.853.
     */
    public static final double DEFAULT_MIN_LONG_STD = 0.08;

    public static final ScoringConfig DEFAULT = new ScoringConfig(64, 150, 30, 30, 8640, DEFAULT_MIN_LONG_STD,
            DEFAULT_THRESHOLD, 0.99, OrderPolicy.STRICT, DEFAULT_RANGE_TOLERANCE, DEFAULT_RANGE_AFTER, true, true,
            DEFAULT_ANOMALY_LEARNING, ZoneOffset.UTC);

    public ScoringConfig {
        if (historyCapacity < 0 || historyCapacity > 4096) {
            throw new IllegalArgumentException("the history capacity (scoring.burnIn) must be in [0, 4096], was " + historyCapacity);
        }
        if (warmup < 0 || settle < 0 || settle > warmup) {
            throw new IllegalArgumentException("need 0 <= settle <= warmup, got settle=" + settle + " warmup=" + warmup);
        }
        if (shortWindow < 1 || !(longHorizon >= 1) || !(minLongStd > 0)) {
            throw new IllegalArgumentException("need shortWindow >= 1, longHorizon >= 1, minLongStd > 0");
        }
        if (!(threshold > 0 && threshold <= 1) || !(band > 0 && band < 1)) {
            throw new IllegalArgumentException("need threshold in (0, 1] and band in (0, 1)");
        }
        if (!(rangeTolerance >= 0) || Double.isInfinite(rangeTolerance) || rangeAfter < 0) {
            throw new IllegalArgumentException("need a finite rangeTolerance >= 0 and rangeAfter >= 0");
        }
        if (!(anomalyLearning >= 0 && anomalyLearning <= 1)) {
            throw new IllegalArgumentException("anomalyLearning must be in [0, 1], was " + anomalyLearning);
        }
        if (timeZone == null) {
            throw new IllegalArgumentException("timeZone must be a time zone, was null");
        }
    }

    /** The settings a topology spec names, with the default range check, hourly baselines and daily profile. */
    public ScoringConfig(int historyCapacity, int warmup, int settle, int shortWindow, double longHorizon,
                         double minLongStd, double threshold, double band, OrderPolicy order) {
        this(historyCapacity, warmup, settle, shortWindow, longHorizon, minLongStd, threshold, band, order,
                DEFAULT_RANGE_TOLERANCE, DEFAULT_RANGE_AFTER, true, true, DEFAULT_ANOMALY_LEARNING, ZoneOffset.UTC);
    }

    public ScoringConfig withOrder(OrderPolicy policy) {
        return toBuilder().order(policy).build();
    }

    public ScoringConfig withThreshold(double value) {
        return toBuilder().threshold(value).build();
    }

    public ScoringConfig withRangeCheck(double tolerance, int after) {
        return toBuilder().rangeTolerance(tolerance).rangeAfter(after).build();
    }

    public ScoringConfig withHourlyBaseline(boolean on) {
        return toBuilder().hourlyBaseline(on).build();
    }

    /**
     * The same settings with one changed by its name (the record component's), as text: {@code shortWindow},
     * {@code longHorizon}, {@code minLongStd}, {@code threshold}, {@code rangeTolerance}, {@code rangeAfter},
     * {@code hourlyBaseline}, {@code dailyProfile}, {@code anomalyLearning} or {@code timeZone} (an IANA zone such as
     * {@code Europe/Berlin}, or an offset such as {@code +02:00}).
     *
     * @throws IllegalArgumentException for another name, or a value that is not a number (or boolean) in range
     */
    public ScoringConfig with(String name, String value) {
        try {
            return switch (name) {
                case "shortWindow" -> withShortWindow(Integer.parseInt(value));
                case "longHorizon" -> toBuilder().longHorizon(Double.parseDouble(value)).build();
                case "minLongStd" -> toBuilder().minLongStd(Double.parseDouble(value)).build();
                case "threshold" -> withThreshold(Double.parseDouble(value));
                case "rangeTolerance" -> withRangeCheck(Double.parseDouble(value), rangeAfter);
                case "rangeAfter" -> withRangeCheck(rangeTolerance, Integer.parseInt(value));
                case "hourlyBaseline" -> withHourlyBaseline(parseBoolean(value));
                case "dailyProfile" -> withDailyProfile(parseBoolean(value));
                case "anomalyLearning" -> withAnomalyLearning(Double.parseDouble(value));
                case "timeZone" -> withTimeZone(zone(value));
                default -> throw new IllegalArgumentException("unknown scoring setting '" + name + "'; known: shortWindow, "
                        + "longHorizon, minLongStd, threshold, rangeTolerance, rangeAfter, hourlyBaseline, dailyProfile, "
                        + "anomalyLearning, timeZone");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scoring setting " + name + ": '" + value + "' is not a number");
        }
    }

    /**
     * The time zone named {@code id}: an IANA zone ({@code America/New_York}) or an offset ({@code +02:00}, {@code UTC}).
     *
     * @throws IllegalArgumentException naming the text when no zone has that name
     */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id).normalized();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not a time zone (an IANA name such as Europe/Berlin, or an "
                    + "offset such as +02:00)");
        }
    }

    public ScoringConfig withTimeZone(ZoneId zone) {
        return toBuilder().timeZone(zone).build();
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
        };
    }

    public ScoringConfig withAnomalyLearning(double share) {
        return toBuilder().anomalyLearning(share).build();
    }

    public ScoringConfig withShortWindow(int points) {
        return toBuilder().shortWindow(points).build();
    }

    public ScoringConfig withDailyProfile(boolean on) {
        return toBuilder().dailyProfile(on).build();
    }

    /** These settings, to change some of them by name rather than by position among fifteen. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of a configuration whose settings change one by one; {@link #build()} checks them all again. */
    public static final class Builder {
        private int historyCapacity;
        private int warmup;
        private int settle;
        private int shortWindow;
        private double longHorizon;
        private double minLongStd;
        private double threshold;
        private double band;
        private OrderPolicy order;
        private double rangeTolerance;
        private int rangeAfter;
        private boolean hourlyBaseline;
        private boolean dailyProfile;
        private double anomalyLearning;
        private ZoneId timeZone;

        private Builder(ScoringConfig c) {
            historyCapacity = c.historyCapacity;
            warmup = c.warmup;
            settle = c.settle;
            shortWindow = c.shortWindow;
            longHorizon = c.longHorizon;
            minLongStd = c.minLongStd;
            threshold = c.threshold;
            band = c.band;
            order = c.order;
            rangeTolerance = c.rangeTolerance;
            rangeAfter = c.rangeAfter;
            hourlyBaseline = c.hourlyBaseline;
            dailyProfile = c.dailyProfile;
            anomalyLearning = c.anomalyLearning;
            timeZone = c.timeZone;
        }

        public Builder shortWindow(int points) {
            shortWindow = points;
            return this;
        }

        public Builder longHorizon(double points) {
            longHorizon = points;
            return this;
        }

        public Builder minLongStd(double value) {
            minLongStd = value;
            return this;
        }

        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        public Builder order(OrderPolicy policy) {
            order = policy;
            return this;
        }

        public Builder rangeTolerance(double share) {
            rangeTolerance = share;
            return this;
        }

        public Builder rangeAfter(int points) {
            rangeAfter = points;
            return this;
        }

        public Builder hourlyBaseline(boolean on) {
            hourlyBaseline = on;
            return this;
        }

        public Builder dailyProfile(boolean on) {
            dailyProfile = on;
            return this;
        }

        public Builder anomalyLearning(double share) {
            anomalyLearning = share;
            return this;
        }

        public Builder timeZone(ZoneId zone) {
            timeZone = zone;
            return this;
        }

        public ScoringConfig build() {
            return new ScoringConfig(historyCapacity, warmup, settle, shortWindow, longHorizon, minLongStd, threshold, band, order,
                    rangeTolerance, rangeAfter, hourlyBaseline, dailyProfile, anomalyLearning, timeZone);
        }
    }
}
