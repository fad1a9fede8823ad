package io.surprisal.stream;

import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * The model this instance serves, one for all its tasks: the document is parsed once per instance (a
 * model is immutable, so tasks on any thread share it), and loads and swaps are counted once per
 * instance, not once per task. Tasks offer what the global store holds; {@code /models/current} and
 * readiness read {@link #current()} without parsing anything.
 */
public final class ServingModel {
    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

    private final String name;
    private final Model fallback;
    private final DetectorEvents events;
    private volatile Model current;
    private byte[] currentBytes;
    private byte[] rejectedBytes;

    public ServingModel(String name, Model fallback, DetectorEvents events) {
        this.name = name;
        this.fallback = fallback;
        this.events = events;
    }

    /** The model served, or null before the first task looked at the store. */
    public Model current() {
        return current;
    }

    public String name() {
        return name;
    }

    /**
     * Takes what the global store holds under the model's name (null when nothing): parses it only if it
     * differs from what was last offered, and returns the model to serve.
     */
    public synchronized Model offer(byte[] stored) {
        if (current == null && stored == null) {
            current = fallback;
            events.modelLoaded(fallback);
            LOG.info("no model '{}' in the models topic yet: serving the shipped {} version {}", name, fallback.name(),
                    fallback.version());
            return current;
        }
        if (stored == null || stored == currentBytes || stored == rejectedBytes
                || Arrays.equals(stored, currentBytes) || Arrays.equals(stored, rejectedBytes)) {
            return current;
        }
        try {
            Model next = ModelDocument.read(stored);
            boolean first = current == null;
            if (first || next.id() != current.id()) {
                current = next;
                if (first) {
                    events.modelLoaded(next);
                } else {
                    events.modelSwapped(next);
                }
                LOG.info("this instance now serves model '{}' version {}", name, next.version());
            }
            currentBytes = stored;
        } catch (InvalidModelException | RuntimeException e) {
            // The global store only holds documents that passed; this is a backstop, counted once per document.
            rejectedBytes = stored;
            events.modelRejected(e instanceof InvalidModelException ime ? ime.reason() : DeadLetters.INTERNAL_ERROR);
            if (current == null) {
                current = fallback;
                events.modelLoaded(fallback);
            }
            LOG.warn("model '{}' in the store rejected: {}; keeping version {}", name, e.getMessage(), current.version());
        }
        return current;
    }
}
