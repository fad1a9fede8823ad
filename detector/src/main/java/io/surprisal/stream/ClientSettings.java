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

    /**
     * A numeric setting of {@code configs}: a number as it is, or text as a number (what a properties file gives);
     * {@code otherwise} when the key is absent.
     */
    static long number(Map<String, ?> configs, String key, long otherwise) {
        Object value = configs.get(key);
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value == null ? otherwise : Long.parseLong(value.toString().trim());
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
