package io.surprisal.stream;

/**
 * One input format. {@link PointParser} has already refused null, empty and oversized records; a
 * format throws for a record that is bad as a whole (one JSON document that does not parse) and, in
 * line formats, reports a bad line to {@link ParseOutput#reject} and goes on with the next one.
 */
interface RecordParser {
    /**
     * @param recordTs the Kafka record's timestamp (epoch ms; negative when it has none), for points
     *                 whose record carries no time of its own
     */
    void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException;
}
