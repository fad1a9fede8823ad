package io.surprisal.stream;

import java.util.HashMap;
import java.util.Map;

/**
 * Settings for the plain Kafka clients beside the Streams application (admin, the trainer's
 * reader, the models topic): the user's client properties without the Streams-only keys, which
 * a plain client would warn about, and with the bootstrap servers.
 */
public final class ClientSettings {
    private ClientSettings() {
    }

    public static Map<String, Object> of(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> conf = new HashMap<>();
        overrides.forEach((k, v) -> {
            if (!k.startsWith("processing.") && !k.startsWith("application.")) {
                conf.put(k, v);
            }
        });
        conf.put("bootstrap.servers", bootstrapServers);
        return conf;
    }
}
