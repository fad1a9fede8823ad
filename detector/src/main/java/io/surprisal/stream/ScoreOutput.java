package io.surprisal.stream;

import org.apache.avro.Schema;

/**
 * Gives each detect processor its score writer, per {@code output.format}: {@link ScoreJson}, or
 * {@link ScoreAvro} with the score schema registered once for the whole topology (subject
 * {@code <topics.scores>-value}), not once per task. DetectorApp registers before it starts, so a registry
 * that cannot be reached stops the start with one line rather than a stream thread; a topology that is
 * only described never asks.
 */
final class ScoreOutput {
    private final TopologySpec spec;
    private final Schema schema;
    private int schemaId = -1;

    private ScoreOutput(TopologySpec spec) {
        this.spec = spec;
        this.schema = spec.output.avro() ? ScoreAvroSchema.of(spec.input.tagNames()) : null;
    }

    static ScoreOutput of(TopologySpec spec) {
        return new ScoreOutput(spec);
    }

    /** avro: the score schema's id, registered on the first call; json: nothing to do (-1). */
    synchronized int register() {
        if (schema != null && schemaId < 0) {
            schemaId = ScoreAvroSchema.register(spec.output.registryUrl, subject(), schema);
        }
        return schemaId;
    }

    String subject() {
        return spec.topics.scores + "-value";
    }

    ScoreWriter newWriter() {
        return schema == null ? new ScoreJson() : new ScoreAvro(register(), spec.input.tagNames().size());
    }
}
