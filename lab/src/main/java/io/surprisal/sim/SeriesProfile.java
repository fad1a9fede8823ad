package io.surprisal.sim;

import java.time.Duration;

/**
 * What one simulated series looks like when nothing is wrong. Its value at time t is
 * {@code level + driftPerDay * days + daily cycle + noise}, rounded to {@code decimals}.
 *
 * @param id               series id, e.g. {@code plant1/pump07/temp}
 * @param unit             unit of the values, e.g. {@code °C}; for people, not in the records
 * @param interval         time between two points of this series
 * @param level            mean value at the start
 * @param dailyAmplitude   half the peak-to-trough swing of the daily cycle
 * @param peakHourUtc      hour of day (0–24, UTC) at which the daily cycle peaks
 * @param secondHarmonic   weight of a 12-hour harmonic that makes the daily shape lopsided, 0–0.3
 * @param noiseSigma       standard deviation of the noise; anomaly sizes are multiples of it
 * @param noiseCorrelation lag-one autocorrelation of the noise (AR(1)), so that noise looks like a sensor's
 * @param driftPerDay      slow change of the level per simulated day
 * @param decimals         resolution of the sensor
 */
public record SeriesProfile(String id, String unit, Duration interval, double level, double dailyAmplitude,
                            double peakHourUtc, double secondHarmonic, double noiseSigma,
                            double noiseCorrelation, double driftPerDay, int decimals) {
}
