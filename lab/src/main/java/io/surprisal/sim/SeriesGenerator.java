package io.surprisal.sim;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Produces the points of one series in time order, with its anomalies, from its own random stream. */
final class SeriesGenerator {

    private static final double SECONDS_PER_DAY = 86_400;

    private final SeriesProfile profile;
    private final SplittableRandom random;
    private final AnomalyPlanner planner;
    private final Consumer<InjectedAnomaly> groundTruth;
    private final long pointLimit;
    private final long startEpochSecond;
    private final long intervalSeconds;
    private final double scale;

    private long index;
    private double noise;
    private double levelOffset;
    private double lastValue = Double.NaN;
    private long nextAnomalyStart;
    private ActiveAnomaly active;

    SeriesGenerator(SeriesProfile profile, SimulatorSettings settings, AnomalyPlanner planner,
                    SplittableRandom random, Consumer<InjectedAnomaly> groundTruth) {
        this.profile = profile;
        this.random = random;
        this.planner = planner;
        this.groundTruth = groundTruth;
        this.pointLimit = settings.pointsPerSeries();
        this.startEpochSecond = settings.start().getEpochSecond();
        this.intervalSeconds = profile.interval().getSeconds();
        this.scale = Math.pow(10, profile.decimals());
        this.noise = profile.noiseSigma() * Gaussian.next(random);
        this.nextAnomalyStart = planner.firstStart(random);
    }

    boolean exhausted() {
        return pointLimit != 0 && index >= pointLimit;
    }

    /** Epoch second of the next point; meaningless once exhausted. */
    long nextEpochSecond() {
        return startEpochSecond + index * intervalSeconds;
    }

    SensorPoint next() {
        long epochSecond = nextEpochSecond();
        if (active == null && index == nextAnomalyStart) {
            beginAnomaly(epochSecond);
        }
        double value = normalValue(epochSecond);
        if (active != null) {
            value = active.alter(value, random);
            if (index == active.lastIndex()) {
                nextAnomalyStart = planner.nextStartAfter(index, random);
                active = null;
            }
        }
        value = Math.round(value * scale) / scale;
        lastValue = value;
        index++;
        return new SensorPoint(profile.id(), Instant.ofEpochSecond(epochSecond), value);
    }

    private void beginAnomaly(long epochSecond) {
        active = planner.begin(index, profile.noiseSigma(), levelOffset, lastValue, random);
        if (active == null) {
            nextAnomalyStart = AnomalyPlanner.NEVER;
            return;
        }
        if (active.kind() == AnomalyKind.LEVEL_SHIFT) {
            levelOffset += active.size();
        }
        long lastEpochSecond = epochSecond + (active.lastIndex() - index) * intervalSeconds;
        groundTruth.accept(new InjectedAnomaly(profile.id(), active.kind(),
                Instant.ofEpochSecond(epochSecond), Instant.ofEpochSecond(lastEpochSecond)));
    }

    /** Level, drift and daily cycle plus AR(1) noise whose stationary sigma is the profile's. */
    private double normalValue(long epochSecond) {
        double days = (epochSecond - startEpochSecond) / SECONDS_PER_DAY;
        double hourOfDay = Math.floorMod(epochSecond, (long) SECONDS_PER_DAY) / 3600.0;
        double angle = 2 * Math.PI * (hourOfDay - profile.peakHourUtc()) / 24;
        double cycle = profile.dailyAmplitude() * (Math.cos(angle) + profile.secondHarmonic() * Math.cos(2 * angle));
        double phi = profile.noiseCorrelation();
        noise = phi * noise + Math.sqrt(1 - phi * phi) * profile.noiseSigma() * Gaussian.next(random);
        return profile.level() + levelOffset + profile.driftPerDay() * days + cycle + noise;
    }
}
