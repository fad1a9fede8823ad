package io.surprisal.train;

import io.surprisal.history.SeriesHistory;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.score.ScoringConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingJobTest {

    @Test
    void oneSeriesGetsAModelTunedToItWithItsPeriod() {
        Model generic = ModelDocument.generic();
        List<String> progress = new ArrayList<>();
        TrainingJob.Outcome outcome = TrainingJob.tuneOne(SeriesTunerTest.beats(3000, 11), generic, 42, ScoringConfig.DEFAULT, progress::add);
        Model candidate = outcome.candidate();
        assertNotNull(candidate.seasonal());
        assertEquals(40, candidate.seasonal().period());
        assertEquals(generic.name(), candidate.name());
        assertTrue(candidate.version().startsWith(generic.name() + "-"), candidate.version());
        assertTrue(outcome.better(), outcome.verdict());
        assertTrue(progress.stream().anyMatch(line -> line.contains("period model of 40 points")), progress.toString());
    }

    @Test
    void aConstantSeriesTooShortToTuneIsNoReasonToPublish() {
        Model generic = ModelDocument.generic();
        double[] flat = new double[100];
        long[] ts = new long[100];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 60_000L * i;
            flat[i] = 5;
        }
        TrainingJob.Outcome outcome = TrainingJob.tuneOne(new SeriesHistory("flat", ts, flat), generic, 42, ScoringConfig.DEFAULT, line -> { });
        assertNull(outcome.candidate().seasonal());
        assertArrayEquals(generic.weights(), outcome.candidate().weights());
        assertFalse(outcome.better(), outcome.verdict());
    }

    /**
     * A deployment's round judges candidates with the deployment's own scoring: the same history and plants, judged by a
     * detector that averages no surprise over points (a short window of 1) and counts no new extreme, find another share.
     */
    @Test
    void theCheckJudgesWithTheDeploymentsScoring() {
        List<SeriesHistory> history = SyntheticSeries.generate(24, 1200, 5);
        TrainConfig quick = TrainConfig.defaults().withEpochs(1, 5);
        ScoringConfig other = ScoringConfig.DEFAULT.withShortWindow(1).withRangeCheck(0, 500);
        TrainingJob.Outcome usual = TrainingJob.run(history, quick, ModelDocument.generic(), false, "a", "b", "test",
                ScoringConfig.DEFAULT, line -> { });
        TrainingJob.Outcome theirs = TrainingJob.run(history, quick, ModelDocument.generic(), false, "a", "b", "test", other,
                line -> { });
        assertArrayEquals(usual.candidate().weights(), theirs.candidate().weights(), "the same training");
        assertTrue(usual.servingFound() != theirs.servingFound() || usual.candidateFound() != theirs.candidateFound(),
                "found " + usual.servingFound() + "/" + usual.candidateFound() + " either way");
    }
}
