package io.surprisal.stream;

import java.util.Map;

/**
 * What the exception handlers need to know about the deployment. Kafka Streams creates its handlers
 * from class names and configures them with the application's properties, so the topology hands these
 * over as properties of its own ({@link DetectorTopology#properties}); {@link #EVENTS} may carry the
 * {@link DetectorEvents} object itself, so dead letters made by a handler are counted like the others, and
 * {@link #TIMESTAMPS} the instance's {@link OutputTimestamps}, so they are stamped like the others; and they are
 * kept within one produce request like the others ({@code deadLetterLimit}, {@link DeadLetters#fit}).
 */
record FailureSettings(String deadLetterTopic, String pointsTopic, String modelsTopic, DetectorEvents events,
                       OutputTimestamps timestamps, int deadLetterLimit) {
    static final String DEAD_LETTER_TOPIC = "surprisal.dead.letter.topic";
    static final String POINTS_TOPIC = "surprisal.points.topic";
    static final String MODELS_TOPIC = "surprisal.models.topic";
    static final String EVENTS = "surprisal.events";
    static final String TIMESTAMPS = "surprisal.output.timestamps";

    static FailureSettings from(Map<String, ?> configs) {
        Object topic = configs.get(DEAD_LETTER_TOPIC);
        if (topic == null) {
            throw new IllegalArgumentException(DEAD_LETTER_TOPIC + " is not set: the handlers would have nowhere to send dead letters");
        }
        Object events = configs.get(EVENTS);
        Object timestamps = configs.get(TIMESTAMPS);
        return new FailureSettings(topic.toString(), String.valueOf(configs.get(POINTS_TOPIC)),
                String.valueOf(configs.get(MODELS_TOPIC)), events instanceof DetectorEvents e ? e : DetectorEvents.NONE,
                timestamps instanceof OutputTimestamps t ? t : OutputTimestamps.unlimited(), DeadLetters.payloadLimit(configs));
    }
}
