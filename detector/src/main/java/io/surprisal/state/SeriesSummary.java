package io.surprisal.state;

import java.util.OptionalDouble;

/**
 * What one series' state says to a person, in the series' own units: a read-only copy taken from the
 * state, so code outside the core (the HTTP API, the idle-series sweep) reads a series without
 * touching the fields that the detector owns. The numeric types follow the state's fields, so what
 * is shown is exactly what is stored.
 *
 * @param points                points seen (saturating)
 * @param lastTs                time of the newest point, epoch ms
 * @param std                   standard deviation of the online normaliser
 * @param usualIntervalSeconds  the series' usual time between points
 * @param predictedNext         the model's prediction for the next value, de-normalised
 * @param longSurprisalStd      standard deviation of the long-run surprisal average
 * @param dailyUsual            what the daily profile expects at the hour of the newest point (on a weekend, with its
 *                              weekend part); empty before it has seen any
 * @param modelId               identity of the model whose hidden state the series holds
 */
public record SeriesSummary(int points, long lastTs, float lastValue, double mean, double std, double usualIntervalSeconds,
                            double predictedNext, float shortSurprisal, float longSurprisalMean, double longSurprisalStd,
                            OptionalDouble dailyUsual, int modelId) {

    /** The summary of {@code s}, whose daily profile is kept in UTC hours. */
    public static SeriesSummary of(SeriesState s) {
        return of(s, LocalClock.utc());
    }

    /** The summary of {@code s}, whose daily profile is kept in the hours of {@code clock}'s zone (the scoring's). */
    public static SeriesSummary of(SeriesState s, LocalClock clock) {
        double std = Math.sqrt(Math.max(0, s.variance));
        OptionalDouble dailyUsual = s.daily.isEmpty()
                ? OptionalDouble.empty()
                : OptionalDouble.of(s.daily.level + s.daily.seasonalAt(clock.local(s.lastTs)));
        return new SeriesSummary(s.count, s.lastTs, s.lastValue, s.mean, std, Math.exp(s.logInterval),
                s.mean + s.predMean * std, s.surprisal.shortAverage, s.surprisal.longMean,
                Math.sqrt(Math.max(0, s.surprisal.longVariance)), dailyUsual, s.modelId);
    }
}
