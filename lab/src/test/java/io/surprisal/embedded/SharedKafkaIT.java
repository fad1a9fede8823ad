package io.surprisal.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared broker is one per JVM, and a name taken on it cannot be taken again. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedKafkaIT {
    @RegisterExtension
    static final SharedKafka kafka = new SharedKafka();
    @RegisterExtension
    static final SharedKafka second = new SharedKafka();

    @Test
    void everyRegistrationGetsTheSameBroker() {
        assertTrue(kafka.bootstrapServers().startsWith("127.0.0.1:"), kafka.bootstrapServers());
        assertEquals(kafka.bootstrapServers(), second.bootstrapServers());
    }

    @Test
    void aNameClaimedOnceCannotBeClaimedAgainThroughAnyRegistration() {
        assertEquals("shared-kafka-it", kafka.claim("shared-kafka-it"));
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> second.claim("shared-kafka-it"));
        assertTrue(again.getMessage().contains("first by " + SharedKafkaIT.class.getName()), again.getMessage());
    }

    @Test
    void anUnregisteredExtensionSaysHowToRegisterIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SharedKafka().bootstrapServers());
        assertTrue(e.getMessage().contains("@RegisterExtension"), e.getMessage());
    }
}
