package io.surprisal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaPointSinkTest {

    private static final SensorPoint POINT = new SensorPoint("plant1/fan02/rpm", Instant.parse("2026-11-24T00:01:00Z"), 1480);

    @Test
    void sendsTheSeriesIdAsKeyAndTheJsonPointAsValue() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (KafkaPointSink sink = new KafkaPointSink(producer, "points")) {
            sink.accept(POINT);
            sink.flush();
        }
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertEquals("points", record.topic());
        assertEquals("plant1/fan02/rpm", new String(record.key(), StandardCharsets.UTF_8));
        assertEquals("{\"series\":\"plant1/fan02/rpm\",\"ts\":\"2026-11-24T00:01:00Z\",\"value\":1480.0}",
                new String(record.value(), StandardCharsets.UTF_8));
        assertEquals(null, record.timestamp(), "the producer stamps wall-clock time");
    }

    @Test
    void aFailedSendSurfacesOnTheNextCall() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaPointSink sink = new KafkaPointSink(producer, "points");
        sink.accept(POINT);
        producer.errorNext(new KafkaException("broker gone"));
        assertThrows(KafkaException.class, () -> sink.accept(POINT));
    }
}
