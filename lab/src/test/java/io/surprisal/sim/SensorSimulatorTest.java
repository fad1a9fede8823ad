package io.surprisal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class SensorSimulatorTest {

    private static final SimulatorSettings SMALL = SimulatorSettings.defaults(40, 7).withPointsPerSeries(1500);

    @Test
    void theSameSeedGivesTheSamePointsAndAnomalies() {
        SensorSimulator first = new SensorSimulator(SMALL);
        SensorSimulator second = new SensorSimulator(SMALL);
        assertEquals(runToEnd(first), runToEnd(second));
        assertEquals(first.injectedAnomalies(), second.injectedAnomalies());
        assertFalse(first.injectedAnomalies().isEmpty());
    }

    @Test
    void aDifferentSeedGivesDifferentPoints() {
        List<SensorPoint> a = runToEnd(new SensorSimulator(SMALL));
        List<SensorPoint> b = runToEnd(new SensorSimulator(new SimulatorSettings(40, 8, SMALL.start(), SMALL.tick(),
                SMALL.pointsPerSeries(), SMALL.warmupPoints(), SMALL.minGapPoints(), SMALL.meanGapPoints())));
        assertNotEquals(a, b);
    }

    @Test
    void anIntervalForAllSeriesReplacesTheirOwnAndKeepsTheRestOfEachProfile() {
        SimulatorSettings tenSeconds = SMALL.withPointsPerSeries(50).withInterval(Duration.ofSeconds(10));
        SensorSimulator simulator = new SensorSimulator(tenSeconds);
        List<SeriesProfile> own = new SensorSimulator(SMALL).series();

        Map<String, List<SensorPoint>> bySeries = bySeries(runToEnd(simulator));

        for (int i = 0; i < own.size(); i++) {
            SeriesProfile profile = simulator.series().get(i);
            assertEquals(own.get(i).id(), profile.id());
            assertEquals(own.get(i).level(), profile.level());
            List<SensorPoint> points = bySeries.get(profile.id());
            assertEquals(50, points.size());
            assertEquals(Duration.ofSeconds(10), Duration.between(points.get(0).ts(), points.get(1).ts()));
        }
    }

    @Test
    void everySeriesEmitsItsPointsAtItsOwnIntervalAndThenStops() {
        SensorSimulator simulator = new SensorSimulator(SMALL);
        Map<String, List<SensorPoint>> bySeries = bySeries(runToEnd(simulator));

        assertEquals(40, bySeries.size());
        for (SeriesProfile profile : simulator.series()) {
            List<SensorPoint> points = bySeries.get(profile.id());
            assertEquals(1500, points.size(), profile.id());
            assertEquals(SMALL.start(), points.get(0).ts());
            for (int i = 1; i < points.size(); i++) {
                assertEquals(profile.interval(), Duration.between(points.get(i - 1).ts(), points.get(i).ts()));
            }
        }
        assertTrue(simulator.isFinished());
        assertTrue(simulator.nextBatch().isEmpty());
        assertEquals(40 * 1500, simulator.pointsEmitted());
    }

    @Test
    void aBatchHoldsThePointsOfOneTickAndMovesTheClockOn() {
        SensorSimulator simulator = new SensorSimulator(SMALL);
        List<SensorPoint> batch = simulator.nextBatch();

        Instant tickEnd = SMALL.start().plus(SMALL.tick());
        assertEquals(tickEnd, simulator.simulatedTime());
        assertTrue(batch.size() >= 40, "every series has a point at the start");
        assertTrue(batch.stream().allMatch(p -> !p.ts().isBefore(SMALL.start()) && p.ts().isBefore(tickEnd)));
    }

    @Test
    void anUnboundedSimulationNeverFinishes() {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(3, 1).withPointsPerSeries(0));
        for (int i = 0; i < 5000; i++) {
            simulator.nextBatch();
        }
        assertFalse(simulator.isFinished());
    }

    @Test
    void valuesAreFiniteAndRoundedToTheSensorResolution() {
        SensorSimulator simulator = new SensorSimulator(SMALL);
        Map<String, SeriesProfile> profiles = simulator.series().stream()
                .collect(Collectors.toMap(SeriesProfile::id, p -> p));
        for (SensorPoint point : runToEnd(simulator)) {
            assertTrue(Double.isFinite(point.value()), point.toString());
            double scaled = point.value() * Math.pow(10, profiles.get(point.series()).decimals());
            assertEquals(Math.rint(scaled), scaled, 1e-6, point.toString());
        }
    }

    @Test
    void noAnomalyStartsDuringTheWarmUp() {
        SensorSimulator simulator = new SensorSimulator(SMALL);
        runToEnd(simulator);
        Map<String, SeriesProfile> profiles = profilesById(simulator);
        for (InjectedAnomaly anomaly : simulator.injectedAnomalies()) {
            Duration interval = profiles.get(anomaly.series()).interval();
            Instant warmupEnd = SMALL.start().plus(interval.multipliedBy(SMALL.warmupPoints()));
            assertFalse(anomaly.startTs().isBefore(warmupEnd), anomaly.toString());
        }
    }

    @Test
    void anomaliesOfOneSeriesAreSpacedApartAndEndBeforeTheSeriesEnds() {
        SimulatorSettings longer = SimulatorSettings.defaults(40, 11).withPointsPerSeries(5000);
        SensorSimulator simulator = new SensorSimulator(longer);
        runToEnd(simulator);
        Map<String, SeriesProfile> profiles = profilesById(simulator);
        Map<String, List<InjectedAnomaly>> bySeries = simulator.injectedAnomalies().stream()
                .collect(Collectors.groupingBy(InjectedAnomaly::series));

        assertTrue(bySeries.values().stream().anyMatch(list -> list.size() >= 3), "long series get several anomalies");
        for (List<InjectedAnomaly> anomalies : bySeries.values()) {
            Duration interval = profiles.get(anomalies.get(0).series()).interval();
            Instant lastPoint = longer.start().plus(interval.multipliedBy(longer.pointsPerSeries() - 1));
            for (int i = 0; i < anomalies.size(); i++) {
                assertTrue(anomalies.get(i).endTs().isBefore(lastPoint), anomalies.get(i).toString());
                if (i > 0) {
                    Duration gap = Duration.between(anomalies.get(i - 1).endTs(), anomalies.get(i).startTs());
                    assertTrue(gap.compareTo(interval.multipliedBy(longer.minGapPoints())) > 0, anomalies.toString());
                }
            }
        }
    }

    @Test
    void allFourKindsAreInjectedWithTheirDocumentedDurations() {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(200, 3));
        runToEnd(simulator);
        Map<String, SeriesProfile> profiles = profilesById(simulator);
        Set<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
        for (InjectedAnomaly anomaly : simulator.injectedAnomalies()) {
            kinds.add(anomaly.kind());
            long points = Duration.between(anomaly.startTs(), anomaly.endTs())
                    .dividedBy(profiles.get(anomaly.series()).interval()) + 1;
            switch (anomaly.kind()) {
                case SPIKE -> assertEquals(1, points);
                case LEVEL_SHIFT -> assertEquals(AnomalyPlanner.SHIFT_WINDOW_POINTS, points);
                case STUCK -> assertTrue(points >= 40 && points <= 120, anomaly.toString());
                case NOISE_BURST -> assertTrue(points >= 20 && points <= 60, anomaly.toString());
            }
        }
        assertEquals(EnumSet.allOf(AnomalyKind.class), kinds);
        assertTrue(simulator.injectedAnomalies().size() > 100, "the default run has plenty of anomalies");
    }

    @Test
    void aStuckSensorRepeatsOneValueThroughoutItsWindow() {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(100, 5));
        Map<String, List<SensorPoint>> bySeries = bySeries(runToEnd(simulator));
        List<InjectedAnomaly> stuck = simulator.injectedAnomalies().stream()
                .filter(a -> a.kind() == AnomalyKind.STUCK).toList();

        assertFalse(stuck.isEmpty());
        for (InjectedAnomaly anomaly : stuck) {
            Set<Double> values = bySeries.get(anomaly.series()).stream()
                    .filter(p -> anomaly.covers(p.ts(), Duration.ZERO))
                    .map(SensorPoint::value).collect(Collectors.toSet());
            assertEquals(1, values.size(), anomaly.toString());
        }
    }

    @Test
    void aSpikeStandsWellClearOfItsNeighbours() {
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(100, 5));
        Map<String, List<SensorPoint>> bySeries = bySeries(runToEnd(simulator));
        Map<String, SeriesProfile> profiles = profilesById(simulator);
        List<InjectedAnomaly> spikes = simulator.injectedAnomalies().stream()
                .filter(a -> a.kind() == AnomalyKind.SPIKE).toList();

        assertFalse(spikes.isEmpty());
        for (InjectedAnomaly spike : spikes) {
            List<SensorPoint> points = bySeries.get(spike.series());
            int at = indexOf(points, spike.startTs());
            double neighbours = (points.get(at - 1).value() + points.get(at + 1).value()) / 2;
            double sigma = profiles.get(spike.series()).noiseSigma();
            // 6 sigma at least, less what the noise of two neighbours can plausibly take away.
            assertTrue(Math.abs(points.get(at).value() - neighbours) > 3 * sigma, spike.toString());
        }
    }

    @Test
    void theDailyCycleRepeatsFromOneDayToTheNext() {
        // Two full days even for series sampled every 30 s; anomalies off, this is about the normal shape.
        SimulatorSettings settings = SimulatorSettings.defaults(24, 9).withPointsPerSeries(2 * 2880).withoutAnomalies();
        SensorSimulator simulator = new SensorSimulator(settings);
        Map<String, List<SensorPoint>> bySeries = bySeries(runToEnd(simulator));
        int checked = 0;
        for (SeriesProfile profile : simulator.series()) {
            if (profile.dailyAmplitude() < 3 * profile.noiseSigma()) {
                continue;
            }
            double[][] hourlyMeans = hourlyMeansOfFirstTwoDays(bySeries.get(profile.id()), settings.start());
            assertTrue(correlation(hourlyMeans[0], hourlyMeans[1]) > 0.9, profile.toString());
            checked++;
        }
        assertTrue(checked >= 10, "enough series with a clear cycle: " + checked);
        assertTrue(simulator.injectedAnomalies().isEmpty());
    }

    @Test
    void seriesDifferInIntervalLevelAndUnit() {
        List<SeriesProfile> series = new SensorSimulator(SMALL).series();
        assertTrue(series.stream().map(SeriesProfile::interval).distinct().count() >= 3);
        assertTrue(series.stream().map(SeriesProfile::unit).distinct().count() >= 5);
        assertTrue(series.stream().mapToDouble(SeriesProfile::level).distinct().count() == series.size());
    }

    static List<SensorPoint> runToEnd(SensorSimulator simulator) {
        List<SensorPoint> points = new ArrayList<>();
        while (!simulator.isFinished()) {
            points.addAll(simulator.nextBatch());
        }
        return points;
    }

    private static Map<String, List<SensorPoint>> bySeries(List<SensorPoint> points) {
        return points.stream().collect(Collectors.groupingBy(SensorPoint::series, LinkedHashMap::new, Collectors.toList()));
    }

    private static Map<String, SeriesProfile> profilesById(SensorSimulator simulator) {
        return simulator.series().stream().collect(Collectors.toMap(SeriesProfile::id, p -> p));
    }

    private static int indexOf(List<SensorPoint> points, Instant ts) {
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).ts().equals(ts)) {
                return i;
            }
        }
        throw new AssertionError("no point at " + ts);
    }

    private static double[][] hourlyMeansOfFirstTwoDays(List<SensorPoint> points, Instant start) {
        double[][] sums = new double[2][24];
        int[][] counts = new int[2][24];
        for (SensorPoint p : points) {
            long seconds = Duration.between(start, p.ts()).getSeconds();
            int day = (int) (seconds / 86_400);
            if (day < 2) {
                int hour = (int) (seconds % 86_400 / 3600);
                sums[day][hour] += p.value();
                counts[day][hour]++;
            }
        }
        for (int day = 0; day < 2; day++) {
            for (int hour = 0; hour < 24; hour++) {
                sums[day][hour] /= counts[day][hour];
            }
        }
        return sums;
    }

    private static double correlation(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
