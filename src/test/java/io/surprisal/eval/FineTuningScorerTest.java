package io.surprisal.eval;

import io.surprisal.model.ModelDocument;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuningScorerTest {
    private static final FineTuning QUICK = new FineTuning(400, 2.0, 30, 8, 64, 3e-3, true, 0.2);

    private static double[] run(FineTuningScorer scorer) {
        SplittableRandom r = new SplittableRandom(3);
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) {
            long ts = 1_767_225_600_000L + i * 300_000L;
            int minuteOfDay = (int) ((ts / 60_000) % 1440);
            double v = (minuteOfDay >= 9 * 60 && minuteOfDay < 18 * 60 ? 80 : 20) + r.nextGaussian();
            scores[i] = scorer.score(ts, v);
            assertTrue(scores[i] >= 0 && scores[i] <= 1);
        }
        return scores;
    }

    @Test
    void adoptsATunedModelAndStaysDeterministic() {
        ScoringConfig config = ScoringConfig.DEFAULT.withOrder(OrderPolicy.ARRIVAL);
        FineTuningScorer a = new FineTuningScorer("daily", ModelDocument.generic(), config, QUICK);
        FineTuningScorer b = new FineTuningScorer("daily", ModelDocument.generic(), config, QUICK);
        assertArrayEquals(run(a), run(b));
        assertTrue(a.modelVersion().contains("-ft"), a.modelVersion());
    }
}
