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
    void surprisalIsNotWiredYet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DetectorFactories.byName("surprisal"));
        assertEquals("surprisal detector not wired yet", e.getMessage());
    }

    @Test
    void unknownNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DetectorFactories.byName("htm"));
    }
}
