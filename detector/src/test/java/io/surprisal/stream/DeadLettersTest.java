package io.surprisal.stream;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeadLettersTest {

    @Test
    void whatFitsStaysWhole() {
        Headers h = new RecordHeaders();
        DeadLetter l = DeadLetters.fit(new byte[40], new byte[60], 100, h);
        assertEquals(40, l.key().length);
        assertEquals(60, l.value().length);
        assertEquals(0, h.toArray().length);
    }

    @Test
    void aValueThatDoesNotFitBesideTheKeyIsLeftOutNamedWithItsSize() {
        Headers h = new RecordHeaders();
        DeadLetter l = DeadLetters.fit(new byte[40], new byte[61], 100, h);
        assertEquals(40, l.key().length);
        assertNull(l.value());
        assertEquals("61", DeadLetters.header(h, DeadLetters.VALUE_OMITTED));
        assertNull(DeadLetters.header(h, DeadLetters.KEY_OMITTED));
    }

    @Test
    void aKeyLargerThanTheLimitIsLeftOutAndTheValueStaysWhenItFitsAlone() {
        Headers h = new RecordHeaders();
        DeadLetter l = DeadLetters.fit(new byte[101], new byte[100], 100, h);
        assertNull(l.key());
        assertEquals(100, l.value().length);
        assertEquals("101", DeadLetters.header(h, DeadLetters.KEY_OMITTED));
        assertNull(DeadLetters.header(h, DeadLetters.VALUE_OMITTED));

        Headers both = new RecordHeaders();
        DeadLetter none = DeadLetters.fit(new byte[101], new byte[101], 100, both);
        assertNull(none.key());
        assertNull(none.value());
        assertEquals("101", DeadLetters.header(both, DeadLetters.VALUE_OMITTED));
    }

    @Test
    void nullsAreNothingToFit() {
        Headers h = new RecordHeaders();
        DeadLetter l = DeadLetters.fit(null, new byte[] {1}, 1, h);
        assertNull(l.key());
        assertArrayEquals(new byte[] {1}, l.value());
    }

    @Test
    void theLimitIsTheProducersRequestLessTheHeadroom() {
        assertEquals(1024 * 1024 - DeadLetters.HEADROOM, DeadLetters.payloadLimit(Map.of()));
        assertEquals(2_000_000 - DeadLetters.HEADROOM, DeadLetters.payloadLimit(Map.of("max.request.size", 2_000_000)));
        assertEquals(100_000 - DeadLetters.HEADROOM, DeadLetters.payloadLimit(Map.of("max.request.size", 2_000_000,
                "producer.max.request.size", "100000")), "the producer-prefixed setting wins");
        assertEquals(0, DeadLetters.payloadLimit(Map.of("max.request.size", 10)));
    }
}
