package io.surprisal.stream;

import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * Detect-stage dead letters: the point as parsed ({@code {"series","ts","value"}}, through the score's
 * JSON escaping), keyed by its series, with headers naming the reason and the input record it came from.
 */
final class DetectDeadLetters {
    private final String pointsTopic;
    private final ScoreJson json;
    private final DetectorEvents events;

    DetectDeadLetters(String pointsTopic, ScoreJson json, DetectorEvents events) {
        this.pointsTopic = pointsTopic;
        this.json = json;
        this.events = events;
    }

    Record<String, Detected> of(Record<String, Point> record, String reason, String error) {
        Point p = record.value();
        events.deadLettered(reason);
        return new Record<>(p.series(),
                new DeadLetter(p.series().getBytes(StandardCharsets.UTF_8), json.writePoint(p.series(), p.ts(), p.value())),
                record.timestamp(), DeadLetters.headers(reason, error, DetectorProcessor.STAGE, pointsTopic, p.partition(), p.offset()));
    }
}
