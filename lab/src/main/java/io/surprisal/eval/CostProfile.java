package io.surprisal.eval;

import java.util.List;

/**
 * One NAB application profile: the weights of a detected window (tp), a missed one (fn), and a
 * detection outside every window (fp).
 */
public record CostProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** NAB's three profiles, used when no profiles file is given. */
    public static List<CostProfile> nabDefaults() {
        return List.of(
                new CostProfile("standard", 1.0, 0.11, 1.0),
                new CostProfile("reward_low_FP_rate", 1.0, 0.22, 1.0),
                new CostProfile("reward_low_FN_rate", 1.0, 0.11, 2.0));
    }
}
