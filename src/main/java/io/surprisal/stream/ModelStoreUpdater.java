package io.surprisal.stream;

import io.surprisal.model.InvalidModelException;
import io.surprisal.model.ModelDocument;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the global model store from the compacted models topic, admitting only documents that
 * pass every check of {@link ModelDocument#read}. A rejected model leaves the previous one serving.
 */
final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);
    private final String storeName;
    private final DetectorEvents events;
    private KeyValueStore<String, byte[]> store;

    ModelStoreUpdater(String storeName, DetectorEvents events) {
        this.storeName = storeName;
        this.events = events;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            events.modelRejected("malformed");
            LOG.warn("model record without a key (the key must be the model name) rejected");
            return;
        }
        try {
            var model = ModelDocument.read(record.value());
            store.put(record.key(), record.value());
            LOG.info("model '{}' version {} accepted", record.key(), model.version());
        } catch (InvalidModelException e) {
            events.modelRejected(e.reason());
            LOG.warn("model '{}' rejected ({}): {}; the previous model keeps serving", record.key(), e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // The global thread cannot be replaced: anything a document makes the reader throw is a rejection
            // too, or one bad record on the models topic would stop every instance that restores it.
            events.modelRejected(DeadLetters.INTERNAL_ERROR);
            LOG.warn("model '{}' rejected: reading it threw {}; the previous model keeps serving", record.key(),
                    DeadLetterRecords.describe(e), e);
        }
    }
}
