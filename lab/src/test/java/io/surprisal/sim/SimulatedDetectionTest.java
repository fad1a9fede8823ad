package io.surprisal.sim;

import io.surprisal.document.ModelDocument;
import io.surprisal.score.Detector;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.Outcome;
import io.surprisal.score.ScoreRecord;
import io.surprisal.score.ScoringConfig;
import io.surprisal.state.SeriesState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's question without its broker: the simulator's 200 series (2800 points each, about
 * what the 60-second demo streams) through the detector with the demo spec's scoring, judged over
 * events as the demo's summary judges them. A guard on what the detector finds in the data the
 * demo shows, measured in two seconds (the demo itself: the README's command 1).
 */
class SimulatedDetectionTest {

    @Test
    void theDemosSeriesAreWatchedWithPrecisionAndRecallOf0point85() {
        ScoringConfig demo = new ScoringConfig(64, 300, 30, 30, 8640, ScoringConfig.DEFAULT_MIN_LONG_STD,
                ScoringConfig.DEFAULT_THRESHOLD, 0.99, OrderPolicy.STRICT);
        SensorSimulator simulator = new SensorSimulator(SimulatorSettings.defaults(200, 42).withPointsPerSeries(2800));
        Map<String, Duration> intervals = new HashMap<>();
        for (SeriesProfile p : simulator.series()) {
            intervals.put(p.id(), p.interval());
        }
        DetectionReport report = new DetectionReport(intervals);
        Detector detector = new Detector(ModelDocument.generic(), demo);
        Map<String, SeriesState> states = new HashMap<>();
        ScoreRecord out = new ScoreRecord();
        while (!simulator.isFinished()) {
            for (SensorPoint p : simulator.nextBatch()) {
                SeriesState s = states.computeIfAbsent(p.series(), k -> detector.newState());
                if (detector.update(s, p.ts().toEpochMilli(), p.value(), out) == Outcome.SCORED) {
                    report.scored(p.series(), p.ts(), out.anomaly);
                }
            }
        }
        DetectionReport.Result r = report.evaluate(simulator.injectedAnomalies());
        String summary = String.format("precision=%.3f recall=%.3f (%s)", r.precision(), r.recall(), r.recallByKind());
        assertTrue(r.precision() >= 0.85, summary);
        assertTrue(r.recall() >= 0.85, summary);
        int[] stuck = r.byKind().get(AnomalyKind.STUCK);
        assertTrue(stuck[1] >= 0.9 * stuck[0], "a stuck sensor is found: " + summary);
    }
}
