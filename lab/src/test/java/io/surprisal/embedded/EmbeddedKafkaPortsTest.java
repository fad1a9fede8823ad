package io.surprisal.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class EmbeddedKafkaPortsTest {

    @Test
    void pickedPortsAreFreeAndDistinct() {
        EmbeddedKafkaPorts ports = EmbeddedKafkaPorts.pick(0);
        assertNotEquals(ports.broker(), ports.controller());
        assertTrue(EmbeddedKafkaPorts.isFree(ports.broker()));
        assertTrue(EmbeddedKafkaPorts.isFree(ports.controller()));
    }

    @Test
    void aFixedBrokerPortIsKept() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        EmbeddedKafkaPorts ports = EmbeddedKafkaPorts.pick(port);
        assertEquals(port, ports.broker());
        assertNotEquals(port, ports.controller());
        assertEquals("127.0.0.1:" + port, ports.bootstrapServers());
    }

    @Test
    void aTakenFixedPortFailsAtOnceNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedKafkaPorts.HOST), 0));
            int port = taken.getLocalPort();
            assertFalse(EmbeddedKafkaPorts.isFree(port));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedKafkaPorts.pick(port));
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
        }
    }
}
