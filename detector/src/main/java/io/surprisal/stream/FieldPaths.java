package io.surprisal.stream;

/**
 * The fields the structured formats (json, avro, protobuf) read a point from, as {@code input.*} names them:
 * dotted paths split once at start, whether the timestamp is the Kafka record's, and the unit of a
 * numeric epoch.
 */
record FieldPaths(String[] series, String[] timestamp, String[] value, String[][] tags, boolean kafkaTime,
                  TimestampUnit unit) {

    static FieldPaths of(TopologySpec.Input input) {
        return new FieldPaths(input.series.split("\\."), input.timestamp.split("\\."), input.value.split("\\."),
                input.tags.stream().map(t -> t.split("\\.")).toArray(String[][]::new),
                JsonRecordParser.KAFKA_TIMESTAMP.equals(input.timestamp),
                input.timestampUnit == null ? TimestampUnit.MS : TimestampUnit.of("input.timestampUnit", input.timestampUnit));
    }
}
