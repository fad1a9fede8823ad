package io.surprisal.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client settings from a properties file and the environment: {@code SURPRISAL_KAFKA_SASL_JAAS_CONFIG}
 * becomes {@code sasl.jaas.config} (the environment wins). Values of keys that look secret are
 * never printed.
 */
final class KafkaClientConfig {
    static final String ENV_PREFIX = "SURPRISAL_KAFKA_";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|jaas|token|credential|key\\b|\\.key|keystore\\.key).*");

    private KafkaClientConfig() {
    }

    /** The --bootstrap-servers option, else $SURPRISAL_BOOTSTRAP_SERVERS, else localhost:9092. */
    static String bootstrap(String option) {
        return option != null ? option : System.getenv().getOrDefault("SURPRISAL_BOOTSTRAP_SERVERS", "localhost:9092");
    }

    static Map<String, Object> load(Path file, Map<String, String> env) throws IOException {
        Map<String, Object> conf = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            p.forEach((k, v) -> conf.put(k.toString(), v.toString()));
        }
        env.forEach((k, v) -> {
            if (k.startsWith(ENV_PREFIX) && k.length() > ENV_PREFIX.length()) {
                conf.put(k.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        return conf;
    }

    /** The settings as one line for the log, secrets masked. */
    static String describe(Map<String, Object> conf) {
        StringBuilder sb = new StringBuilder();
        conf.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
                .append(SECRET.matcher(k).matches() ? "******" : v));
        return sb.toString();
    }
}
