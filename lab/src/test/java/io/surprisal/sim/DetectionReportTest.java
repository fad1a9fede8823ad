package io.surprisal.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DetectionReportTest {
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    static final Duration MIN = Duration.ofMinutes(1);

    static Instant at(int minute) {
        return T0.plus(MIN.multipliedBy(minute));
    }

    @Test
    void flagsCloseTogetherAreOneEventAndCountOncePerAnomaly() {
        DetectionReport report = new DetectionReport(Map.of("a", MIN, "b", MIN));
        for (int i = 0; i < 400; i++) {
            boolean flagged = i == 100 || i == 103 || i == 108   // one event inside the spike's window
                    || i == 250;                                  // a false alarm
            report.scored("a", at(i), flagged);
            report.scored("b", at(i), false);
        }
        List<InjectedAnomaly> injected = List.of(
                new InjectedAnomaly("a", AnomalyKind.SPIKE, at(100), at(100)),
                new InjectedAnomaly("b", AnomalyKind.STUCK, at(200), at(260)),      // missed
                new InjectedAnomaly("b", AnomalyKind.SPIKE, at(395), at(395)));     // not seen through yet
        DetectionReport.Result r = report.evaluate(injected);
        assertEquals(2, r.events());
        assertEquals(1, r.trueEvents());
        assertEquals(2, r.injected());
        assertEquals(1, r.detected());
        assertEquals(0.5, r.precision());
        assertEquals(0.5, r.recall());
    }

    @Test
    void theReturnToNormalWithinTheSlackStillCounts() {
        DetectionReport report = new DetectionReport(Map.of("a", MIN));
        for (int i = 0; i < 200; i++) {
            report.scored("a", at(i), i == 65);
        }
        DetectionReport.Result r = report.evaluate(List.of(new InjectedAnomaly("a", AnomalyKind.STUCK, at(10), at(60))));
        assertEquals(1, r.detected());
        assertEquals(1.0, r.precision());
    }
}
