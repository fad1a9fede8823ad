package io.surprisal.stream;

import io.surprisal.model.InvalidModelException;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Feeds the global model store from the compacted models topic, admitting only documents that pass
 * every check of {@link ModelDocument#read}, are keyed by their own name, carry a version newer than the
 * one serving ({@link ModelVersions}) and, with {@code models.verifyKey}, a valid signature
 * ({@link ModelSignatures}). A rejected model leaves the previous one serving, counted once per instance.
 */
final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);
    private final String storeName;
    private final DetectorEvents events;
    /** A rejected record younger than this is news, not history being restored: the good one is put back. */
    static final long FRESH_MS = 10 * 60_000L;

    private final PublicKey verifyKey;
    private final ModelRepublisher republisher;
    /** Signature headers of the documents in the store, to republish them as they were. */
    private final Map<String, byte[]> signatures = new HashMap<>();
    private KeyValueStore<String, byte[]> store;
    private Record<String, byte[]> current;

    /** @param verifyKey when not null, only documents with a valid Ed25519 signature under it are taken */
    ModelStoreUpdater(String storeName, DetectorEvents events, PublicKey verifyKey, ModelRepublisher republisher) {
        this.storeName = storeName;
        this.events = events;
        this.verifyKey = verifyKey;
        this.republisher = republisher;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        current = record;
        if (record.key() == null) {
            reject(null, "malformed", "model record without a key (the key must be the model name)");
            return;
        }
        try {
            var model = ModelDocument.read(record.value());
            if (!record.key().equals(model.name())) {
                // The store is keyed by name: a document under another key would serve a model nobody asked for.
                reject(record.key(), "name-mismatch", "the document is model '" + model.name() + "'");
                return;
            }
            if (verifyKey != null) {
                var header = record.headers().lastHeader(ModelSignatures.HEADER);
                if (!ModelSignatures.verify(verifyKey, record.value(), header == null ? null : header.value())) {
                    reject(record.key(), "signature", header == null ? "the document is not signed"
                            : "the signature does not verify under models.verifyKey");
                    return;
                }
            }
            byte[] current = store.get(record.key());
            if (current != null) {
                if (Arrays.equals(current, record.value())) {
                    return; // the same document again (a re-publication): nothing changes
                }
                String serving = ModelDocument.read(current).version();
                if (ModelVersions.compare(model.version(), serving) <= 0) {
                    reject(record.key(), "stale-version", "version " + model.version() + " is not newer than "
                            + serving + ", which keeps serving");
                    return;
                }
            }
            store.put(record.key(), record.value());
            var signature = record.headers().lastHeader(ModelSignatures.HEADER);
            signatures.put(record.key(), signature == null ? null : signature.value());
            LOG.info("model '{}' version {} accepted", record.key(), model.version());
        } catch (InvalidModelException e) {
            reject(record.key(), e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // The global thread cannot be replaced: anything a document makes the reader throw is a rejection
            // too, or one bad record on the models topic would stop every instance that restores it.
            LOG.warn("reading model '{}' threw", record.key(), e);
            reject(record.key(), DeadLetters.INTERNAL_ERROR, DeadLetterRecords.describe(e));
        }
    }

    private void reject(String key, String reason, String why) {
        events.modelRejected(reason);
        LOG.warn("model '{}' rejected ({}): {}; the previous model keeps serving", key, reason, why);
        byte[] good = key == null ? null : store.get(key);
        if (good != null && Math.abs(System.currentTimeMillis() - current.timestamp()) < FRESH_MS) {
            republisher.republish(key, good, signatures.get(key));
        }
    }
}
