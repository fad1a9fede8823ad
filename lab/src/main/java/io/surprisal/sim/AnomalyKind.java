package io.surprisal.sim;

import java.util.Locale;

/** The kinds of fault the simulator injects; each stands for a real sensor or process failure. */
public enum AnomalyKind {
    /** One reading far off the curve: an electrical glitch or a transmission error. */
    SPIKE,
    /** The level jumps and stays there: a recalibration, a valve change, a new load. */
    LEVEL_SHIFT,
    /** The same value over and over: a frozen sensor or a gateway repeating its last reading. */
    STUCK,
    /** Much noisier readings for a while: a loose connection or cavitation. */
    NOISE_BURST;

    /** Lower-case name for files and logs, e.g. {@code level_shift}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
