package io.surprisal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DetectorFactoriesTest {

    @Test
    void knowsThePeers() {
        assertEquals("gaussian", DetectorFactories.byName("gaussian").name());
        assertEquals("rcf", DetectorFactories.byName("rcf").name());
    }

    @Test
    void surprisalIsTheRecurrentDetector() {
        DetectorFactory f = DetectorFactories.byName("surprisal");
        assertEquals("surprisal", f.name());
        assertEquals("gru", f.settings().get("cell"));
    }

    @Test
    void surprisalFtFineTunesPerSeries() {
        DetectorFactory f = DetectorFactories.byName("surprisal-ft");
        assertEquals("surprisal-ft", f.name());
        assertEquals(FineTuning.MEASURED.toString(), f.settings().get("fineTuning"));
    }

    @Test
    void unknownNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DetectorFactories.byName("htm"));
    }
}
