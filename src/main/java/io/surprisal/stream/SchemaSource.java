package io.surprisal.stream;

import org.apache.avro.Schema;

/** Writer schemas by id, as a schema registry serves them ({@link RegistrySchemas}). */
interface SchemaSource {
    /**
     * The writer schema registered under {@code id}; throws {@code unknown-schema} when there is none
     * (or it is not an Avro schema this detector reads) and {@code schema-unavailable} when the registry
     * cannot be asked now.
     */
    Schema schema(int id) throws BadRecordException;
}
