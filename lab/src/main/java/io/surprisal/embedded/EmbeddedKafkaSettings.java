package io.surprisal.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Broker settings for one in-process KRaft node that is both broker and controller. The defaults of
 * a Kafka broker assume a cluster of three or more machines; these are the changes one node needs.
 */
final class EmbeddedKafkaSettings {

    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String CLIENT_LISTENER = "PLAINTEXT";

    private EmbeddedKafkaSettings() {
    }

    static Properties forNode(EmbeddedKafkaPorts ports, Path logDir, Map<String, String> overrides) {
        Properties p = new Properties();
        String host = EmbeddedKafkaPorts.HOST;

        // One combined node in a static quorum of one voter: it elects itself at once.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + ports.controller());
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + host + ":" + ports.broker() + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + ports.controller());
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + host + ":" + ports.broker());
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        // Internal topics default to replication 3 and min ISR 2, which one node can never satisfy.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // 50 partitions each make the first group join and the first transaction slow on 2 cores.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");

        // A Streams application or a test should not wait 3 s for a rebalance nobody else joins.
        p.put("group.initial.rebalance.delay.ms", "0");

        // Simulated time runs ahead of (or behind) the wall clock; Kafka 4 rejects record timestamps
        // more than an hour ahead by default, and time-based retention would delete old simulated data.
        p.put("log.message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE));
        p.put("log.message.timestamp.before.max.ms", String.valueOf(Long.MAX_VALUE));
        p.put("log.retention.ms", "-1");

        // Sized for a laptop process rather than a server: the cleaner's 128 MiB dedupe buffer and
        // eight I/O threads per broker would crowd the application sharing the JVM.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("num.io.threads", "2");
        p.put("num.network.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");

        p.putAll(overrides);
        return p;
    }
}
