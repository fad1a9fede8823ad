package io.surprisal.embedded;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker for every integration test of this JVM that merely needs <em>a</em> broker. The first
 * test class that registers the extension starts it; it lives in the root {@link ExtensionContext} store, so
 * JUnit closes it once, after the last test of the run (the store closes {@link AutoCloseable} values).
 * Starting a KRaft broker per class cost each IT a start and a stop; sharing one costs that once.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedKafka kafka = new SharedKafka();
 *
 * TopologySpec spec = DetectorAppIT.spec(kafka.claim("it-basic"));
 * ... kafka.bootstrapServers() ...
 * }</pre>
 *
 * Tests that share a broker must not share names, or one reads the other's records. {@link #claim} makes that
 * a loud failure instead of a quiet interference: a name (an application id, or the prefix of a test's topics)
 * may be claimed once per JVM. A test that restarts, kills or reconfigures its broker must start its own
 * {@link EmbeddedKafka}: this one is everybody's.
 */
public final class SharedKafka implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

    private volatile Broker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Broker.class, key -> new Broker(EmbeddedKafka.start()), Broker.class);
    }

    /** {@code host:port} of the shared broker, for the {@code bootstrap.servers} of any client. */
    public String bootstrapServers() {
        return broker().kafka.bootstrapServers();
    }

    /** See {@link EmbeddedKafka#createTopics(int, String...)}; the names should start with a claimed one. */
    public void createTopics(int partitions, String... names) {
        broker().kafka.createTopics(partitions, names);
    }

    /** See {@link EmbeddedKafka#createTopics(java.util.Collection)}. */
    public void createTopics(java.util.Collection<NewTopic> newTopics) {
        broker().kafka.createTopics(newTopics);
    }

    /**
     * Returns {@code name} unchanged after recording that the calling test class owns it; fails if any test
     * class of this JVM claimed it before (the same class too: two tests of one class need two names).
     */
    public String claim(String name) {
        Objects.requireNonNull(name);
        String owner = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getName();
        String earlier = broker().claims.putIfAbsent(name, owner);
        if (earlier != null) {
            throw new IllegalStateException("'" + name + "' is claimed twice on the shared broker (first by " + earlier
                    + ", now by " + owner + "): give each test its own application id and topics");
        }
        return name;
    }

    private Broker broker() {
        Broker b = broker;
        if (b == null) {
            throw new IllegalStateException("SharedKafka is not started: register it as a static @RegisterExtension field");
        }
        return b;
    }

    /** The broker and the names taken on it; closed by JUnit with the root context. */
    private record Broker(EmbeddedKafka kafka, Map<String, String> claims) implements AutoCloseable {
        Broker(EmbeddedKafka kafka) {
            this(kafka, new ConcurrentHashMap<>());
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
