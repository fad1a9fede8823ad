package io.surprisal.stream;

/** Writer schemas by id, as a schema registry serves them ({@link RegistrySchemas}); {@code S} is the format's schema. */
interface SchemaSource<S> {
    /**
     * The writer schema registered under {@code id}; throws {@code unknown-schema} when there is none
     * (or it is not a schema of this format that this detector reads) and {@code schema-unavailable} when
     * the registry cannot be asked now.
     */
    S schema(int id) throws BadRecordException;
}
