package io.surprisal.cli;

import io.surprisal.ops.DetectorService;
import io.surprisal.stream.DetectorApp;
import io.surprisal.stream.TopologySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.time.Duration;

/** {@code surprisal run}: one detector instance against an external Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a detector instance against a Kafka cluster (start more with the same spec to share the work).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** Exit status when Kafka Streams died (EX_SOFTWARE): the orchestrator restarts, the log says why. */
    static final int STREAMS_DIED = 70;

    @Option(names = "--topology", required = true, description = "Deployment spec, e.g. topologies/demo.yaml.")
    Path topology;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: $SURPRISAL_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", description = "Kafka client/Streams properties file (SASL, SSL, tuning). "
            + "SURPRISAL_KAFKA_<NAME> environment variables add to it, e.g. SURPRISAL_KAFKA_SASL_JAAS_CONFIG.")
    Path config;

    @Option(names = "--state-dir", description = "Local state (RocksDB) directory (default: /tmp/surprisal/<applicationId>).")
    Path stateDir;

    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Address the HTTP port binds (default ${DEFAULT-VALUE}: "
            + "every interface, as a container needs; 127.0.0.1 for this machine only).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port of /metrics, /health/*, /series/{id}, /models/current (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--advertised-host", description = "Host other instances use to reach this one's HTTP port "
            + "(default: $SURPRISAL_ADVERTISED_HOST, else this host's name).")
    String advertisedHost;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of topics it creates when missing (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication", defaultValue = "1", description = "Replication factor of topics it creates (default ${DEFAULT-VALUE}).")
    short replication;

    @Mixin
    AlertingOptions alerting = new AlertingOptions();

    @Override
    public Integer call() throws Exception {
        TopologySpec spec = TopologySpec.read(topology);
        alerting.applyTo(spec);
        String bootstrap = KafkaClientConfig.bootstrap(bootstrapServers);
        Map<String, Object> client = KafkaClientConfig.load(config, System.getenv());
        String host = advertisedHost != null ? advertisedHost
                : System.getenv().getOrDefault("SURPRISAL_ADVERTISED_HOST", InetAddress.getLocalHost().getHostName());
        Path state = stateDir != null ? stateDir : Path.of("/tmp/surprisal", spec.applicationId);
        LOG.info("spec {} ({}), bootstrap {}, guarantee {}, client settings: {}", topology, spec.name, bootstrap,
                spec.guarantee, KafkaClientConfig.describe(client));
        DetectorApp.ensureTopics(spec, bootstrap, client, partitions, replication);
        GracefulStop stop = GracefulStop.install("surprisal-shutdown", Duration.ofSeconds(40));
        try (DetectorService service = new DetectorService(spec, bootstrap, client, state, httpHost, httpPort, host)) {
            service.start();
            LOG.info("detector running: http://{}:{}/metrics", host, service.httpPort());
            while (!stop.requested()) {
                if (service.app().awaitDeath(Duration.ofMillis(500))) {
                    LOG.error("Kafka Streams died ({}); exiting with status {}",
                            service.app().notLiveReason().orElse("ERROR"), STREAMS_DIED);
                    return STREAMS_DIED;
                }
            }
            LOG.info("stopping");
        } finally {
            stop.done();
        }
        return 0;
    }
}
