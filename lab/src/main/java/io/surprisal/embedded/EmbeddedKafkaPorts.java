package io.surprisal.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The two loopback ports an embedded broker listens on: one for clients, one for its KRaft controller.
 * KafkaRaftServer does not report the port it bound, so ports are chosen before it starts; another
 * process may still take one in between, which the caller handles by retrying with a fresh pair.
 */
record EmbeddedKafkaPorts(int broker, int controller) {

    static final String HOST = "127.0.0.1";

    /**
     * Ports free right now; a {@code fixedBrokerPort} of 0 means any port will do for clients. A fixed
     * port that is already taken fails here, since no retry could help.
     */
    static EmbeddedKafkaPorts pick(int fixedBrokerPort) {
        if (fixedBrokerPort != 0 && !isFree(fixedBrokerPort)) {
            throw new IllegalStateException("port " + fixedBrokerPort + " on " + HOST + " is already in use");
        }
        // Both sockets stay open until both ports are known, so the two cannot be the same port.
        try (ServerSocket first = bindEphemeral(); ServerSocket second = bindEphemeral()) {
            if (fixedBrokerPort == 0) {
                return new EmbeddedKafkaPorts(first.getLocalPort(), second.getLocalPort());
            }
            int controller = first.getLocalPort() != fixedBrokerPort ? first.getLocalPort() : second.getLocalPort();
            return new EmbeddedKafkaPorts(fixedBrokerPort, controller);
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    String bootstrapServers() {
        return HOST + ":" + broker;
    }

    static boolean isFree(int port) {
        try (ServerSocket ignored = bind(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket bindEphemeral() throws IOException {
        return bind(0);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
