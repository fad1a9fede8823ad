package io.surprisal.sim;

import java.time.Instant;
import java.util.Objects;

/** One measurement of one series, as the points topic carries it. */
public record SensorPoint(String series, Instant ts, double value) {

    public SensorPoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(ts, "ts");
    }
}
