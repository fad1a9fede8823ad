package io.surprisal.stream;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the global controls store, and the instance's {@link ControlTable} beside it, from the compacted
 * controls topic: a valid record sets the control under its key, a tombstone removes it, anything else is
 * logged and counted ({@link DetectorEvents#controlRejected}) and changes nothing. It never throws: the global
 * thread cannot be replaced, and one bad record would otherwise stop every instance that restores the topic.
 */
final class ControlStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ControlStoreUpdater.class);
    private final String storeName;
    private final ControlTable table;
    private final DetectorEvents events;
    private KeyValueStore<String, byte[]> store;

    ControlStoreUpdater(String storeName, ControlTable table, DetectorEvents events) {
        this.storeName = storeName;
        this.table = table;
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        // A restored store may have been filled without this processor: the table starts from what it holds.
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                try {
                    table.put(kv.key, SeriesControl.validKey(kv.key) && kv.value != null ? SeriesControl.read(kv.value) : null);
                } catch (IllegalArgumentException e) {
                    LOG.warn("stored control '{}' unreadable ({}); ignored", kv.key, e.getMessage());
                }
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (!SeriesControl.validKey(key)) {
            reject(key, "malformed", "the key must be a series id or a prefix ending in a single trailing *");
            return;
        }
        if (record.value() == null) {
            store.delete(key);
            table.put(key, null);
            LOG.info("control '{}' removed", key);
            return;
        }
        SeriesControl control;
        try {
            control = SeriesControl.read(record.value());
        } catch (IllegalArgumentException e) {
            reject(key, "malformed", e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("reading control '{}' threw", key, e);
            reject(key, DeadLetters.INTERNAL_ERROR, DeadLetterRecords.describe(e));
            return;
        }
        store.put(key, record.value());
        table.put(key, control);
        LOG.info("control '{}' set: {}", key, new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private void reject(String key, String reason, String why) {
        events.controlRejected(reason);
        LOG.warn("control record '{}' rejected ({}): {}; the previous control, if any, stays", key, reason, why);
    }
}
