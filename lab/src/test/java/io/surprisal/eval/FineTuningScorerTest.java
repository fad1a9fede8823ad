package io.surprisal.eval;

import io.surprisal.document.ModelDocument;
import io.surprisal.score.OrderPolicy;
import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FineTuningScorerTest {
    private static final FineTuning QUICK = new FineTuning(400, 2.0);

    private static double[] run(FineTuningScorer scorer) {
        SplittableRandom r = new SplittableRandom(3);
        double[] scores = new double[1000];
        for (int i = 0; i < scores.length; i++) {
            long ts = 1_767_225_600_000L + i * 300_000L;
            int phase = i % 40; // a cycle with a sharp beat in it, far from what the generic model saw
            double v = (phase == 10 ? 8 : phase == 11 ? -3 : 0) + Math.sin(2 * Math.PI * i / 40) + 0.05 * r.nextGaussian();
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
        assertTrue(a.modelVersion().endsWith("+tuned"), a.modelVersion());
    }
}
