package io.surprisal.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Simulated sensors: many series with daily cycles, drift and noise, and labelled anomalies injected into
 * them. Simulated time advances one {@link SimulatorSettings#tick() tick} per {@link #nextBatch()}, as
 * fast as the caller asks for batches; {@link SimulationRunner} paces it against the wall clock.
 *
 * <pre>{@code
 * SensorSimulator sim = new SensorSimulator(SimulatorSettings.defaults(200, 42));
 * while (!sim.isFinished()) {
 *     for (SensorPoint p : sim.nextBatch()) sink.accept(p);
 * }
 * List<InjectedAnomaly> truth = sim.injectedAnomalies();
 * }</pre>
 *
 * The same settings give the same points and anomalies. Not thread-safe, except
 * {@link #injectedAnomalies()}, which any thread may read while the simulation runs.
 */
public final class SensorSimulator {

    private final SimulatorSettings settings;
    private final List<SeriesGenerator> generators;
    private final List<SeriesProfile> profiles;
    private final List<InjectedAnomaly> injected = new CopyOnWriteArrayList<>();
    private final long tickSeconds;
    private long clockEpochSecond;
    private long pointsEmitted;

    public SensorSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.tickSeconds = settings.tick().getSeconds();
        this.profiles = withInterval(SeriesCatalog.generate(settings.seriesCount(), settings.seed()), settings.interval());
        // Each series draws from its own stream, so its points do not depend on how batches interleave.
        SplittableRandom streams = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        AnomalyPlanner planner = new AnomalyPlanner(settings);
        this.generators = new ArrayList<>(profiles.size());
        for (SeriesProfile profile : profiles) {
            generators.add(new SeriesGenerator(profile, settings, planner, streams.split(), injected::add));
        }
        this.clockEpochSecond = settings.start().getEpochSecond();
    }

    /**
     * Moves simulated time one tick on and returns every point stamped within that tick: for each series in
     * turn, its points in time order. Series sampled less often than the tick appear only in some batches;
     * series sampled more often, several times. Empty once {@link #isFinished()}.
     */
    public List<SensorPoint> nextBatch() {
        clockEpochSecond += tickSeconds;
        List<SensorPoint> batch = new ArrayList<>(generators.size());
        for (SeriesGenerator generator : generators) {
            while (!generator.exhausted() && generator.nextEpochSecond() < clockEpochSecond) {
                batch.add(generator.next());
            }
        }
        pointsEmitted += batch.size();
        return batch;
    }

    /** True when every series has emitted its {@link SimulatorSettings#pointsPerSeries() points}; never when unbounded. */
    public boolean isFinished() {
        return generators.stream().allMatch(SeriesGenerator::exhausted);
    }

    /** Every point stamped before this instant has been returned by {@link #nextBatch()}. */
    public Instant simulatedTime() {
        return Instant.ofEpochSecond(clockEpochSecond);
    }

    /** The anomalies injected so far (only those whose first point has been emitted), in emission order. */
    public List<InjectedAnomaly> injectedAnomalies() {
        return List.copyOf(injected);
    }

    public List<SeriesProfile> series() {
        return profiles;
    }

    public long pointsEmitted() {
        return pointsEmitted;
    }

    /** The catalog's series, all sampled at {@code interval} when one is set (the rest of each profile unchanged). */
    private static List<SeriesProfile> withInterval(List<SeriesProfile> catalog, java.time.Duration interval) {
        if (interval == null) {
            return catalog;
        }
        return catalog.stream().map(p -> new SeriesProfile(p.id(), p.unit(), interval, p.level(), p.dailyAmplitude(),
                p.peakHourUtc(), p.secondHarmonic(), p.noiseSigma(), p.noiseCorrelation(), p.driftPerDay(), p.decimals()))
                .toList();
    }

    public SimulatorSettings settings() {
        return settings;
    }
}
