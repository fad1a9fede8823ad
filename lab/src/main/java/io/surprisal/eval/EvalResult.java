package io.surprisal.eval;

import java.util.List;

/**
 * What an eval run measured.
 *
 * @param scores one result per profile
 * @param points rows replayed through the detector
 * @param replaySeconds wall time of the replay alone (all series, in parallel)
 * @param threads worker threads used
 */
public record EvalResult(String detector, List<ProfileScore> scores, long points, double replaySeconds, int threads) {

    public EvalResult {
        scores = List.copyOf(scores);
    }

    public double pointsPerSecond() {
        return points / replaySeconds;
    }

    public ProfileScore profile(String name) {
        return scores.stream().filter(s -> s.profile().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no profile " + name));
    }
}
