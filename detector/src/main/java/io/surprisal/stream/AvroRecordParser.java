package io.surprisal.stream;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import java.io.IOException;

/**
 * {@code input.format: avro}: one Avro record per Kafka record in the Confluent wire format
 * ({@link ConfluentWire}), its writer schema fetched by id from {@code input.registryUrl}. Fields are read
 * with the json format's dotted paths and rules: series text, a value that is a number (or numeric text),
 * a timestamp that is ISO-8601 text or a numeric epoch in {@code input.timestampUnit}, except that an
 * epoch field with Avro's {@code timestamp-millis}/{@code -micros}/{@code -nanos} logical type is read in
 * that unit; {@code input.measurements} fans out as in json.
 */
final class AvroRecordParser implements RecordParser {
    static final String MALFORMED = "malformed-avro";
    /** Avro writer schemas from a registry's JSON schema text. */
    static final RegistrySchemas.Kind<Schema> SCHEMAS = new RegistrySchemas.Kind<>("AVRO", AvroRecordParser::schema);

    /** A field's value and the schema it was written with (the union branch taken, for a union). */
    private record Found(Object value, Schema schema) {
    }

    private final FieldPaths paths;
    private final TopologySpec.Input input;
    private final PointChecks checks;
    private final SchemaSource<Schema> schemas;
    /** input.seriesTemplate, or null for the single field input.series. */
    private final SeriesTemplate template;
    private BinaryDecoder decoder;
    /** Most topics carry one schema: its reader is kept, with the id it is for. */
    private int readerId = -1;
    private Schema readerSchema;
    private GenericDatumReader<Object> reader;

    AvroRecordParser(TopologySpec.Input input, PointChecks checks, SchemaSource<Schema> schemas) {
        this.input = input;
        this.checks = checks;
        this.schemas = schemas;
        this.paths = FieldPaths.of(input);
        this.template = input.seriesTemplate == null ? null : SeriesTemplate.parse(input.seriesTemplate);
    }

    @Override
    public void parse(byte[] key, byte[] value, long recordTs, ParseOutput out) throws BadRecordException {
        GenericRecord root = decode(value);
        String series = series(root, key);
        boolean keyMatched = PointParser.keyMatches(key, series, input);
        out.keyMatched(keyMatched);
        long ts = paths.kafkaTime() ? PointParser.recordTimestamp(recordTs, checks) : timestamp(root);
        if (input.measurements.isEmpty()) {
            out.add(new PointParser.ParsedPoint(series, ts, value(at(root, paths.value()), input.value)));
            return;
        }
        for (String field : input.measurements) {
            Found f = at(root, new String[] {field});
            if (f == null || f.value == null) {
                continue; // a device may report a subset of its measurements
            }
            out.add(new PointParser.ParsedPoint(series + "/" + field, ts, value(f, field)));
        }
        if (out.points().isEmpty()) {
            throw new BadRecordException("missing-value", "none of the measurement fields " + input.measurements + " is present");
        }
    }

    /** A registry's schema text as an Avro schema this detector can decode safely, or unknown-schema. */
    static Schema schema(int id, String text) throws BadRecordException {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            // e.g. a schema that references another subject's types: this reader does not follow references.
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not an Avro schema this detector can read: "
                    + PointParser.firstLine(String.valueOf(e.getMessage())));
        }
        AvroBounds.check(id, schema);
        return schema;
    }

    /** The record's body as a GenericRecord, read with its writer schema. */
    GenericRecord decode(byte[] value) throws BadRecordException {
        int id = ConfluentWire.schemaId(value, MALFORMED);
        if (id != readerId) {
            Schema schema = schemas.schema(id);
            reader = new GenericDatumReader<>(schema);
            readerSchema = schema;
            readerId = id;
        }
        int len = value.length - ConfluentWire.BODY_OFFSET;
        decoder = DecoderFactory.get().binaryDecoder(value, ConfluentWire.BODY_OFFSET, len, decoder);
        if (!AvroBounds.fits(readerSchema, decoder)) {
            throw new BadRecordException(MALFORMED, "body is not one value of schema " + Integer.toUnsignedString(id)
                    + " (truncated, a length beyond the record, or bytes left over)");
        }
        if (readerSchema.getType() != Schema.Type.RECORD) {
            throw new BadRecordException("not-an-object", "schema " + Integer.toUnsignedString(id) + " is an Avro "
                    + readerSchema.getType().getName() + ", a record is expected");
        }
        decoder = DecoderFactory.get().binaryDecoder(value, ConfluentWire.BODY_OFFSET, len, decoder);
        try {
            return (GenericRecord) reader.read(null, decoder);
        } catch (StackOverflowError e) {
            throw new BadRecordException(MALFORMED, "body of schema " + Integer.toUnsignedString(id) + " is nested too deep to decode");
        } catch (IOException | RuntimeException e) {
            // The skip pass accepted it, so this is a value the skip cannot judge (e.g. an enum index beyond its symbols).
            throw new BadRecordException(MALFORMED, "body does not decode with schema " + Integer.toUnsignedString(id)
                    + ": " + PointParser.firstLine(String.valueOf(e.getMessage())));
        }
    }

    private String series(GenericRecord root, byte[] key) throws BadRecordException {
        if (template != null) {
            return checks.series(fromTemplate(root));
        }
        Found f = at(root, paths.series());
        String id;
        if (f == null || f.value == null) {
            if (input.keyIsSeries && key != null && key.length > 0) {
                id = new String(key, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                throw new BadRecordException("missing-series", "field '" + input.series + "' is missing");
            }
        } else if (f.value instanceof CharSequence || f.value instanceof GenericEnumSymbol<?>) {
            id = f.value.toString();
        } else {
            throw new BadRecordException("bad-series", "field '" + input.series + "' must be a string, was " + f.schema.getType().getName());
        }
        return checks.series(id);
    }

    /** The series id from input.seriesTemplate, as in the json format: strings, enum symbols, numbers and booleans as text. */
    private String fromTemplate(GenericRecord root) throws BadRecordException {
        String[] values = new String[template.size()];
        for (int i = 0; i < values.length; i++) {
            Found f = at(root, template.path(i));
            if (f == null || f.value == null) {
                throw new BadRecordException("missing-series", "field '" + template.field(i) + "' of input.seriesTemplate '"
                        + template + "' is missing");
            }
            if (!(f.value instanceof CharSequence || f.value instanceof GenericEnumSymbol<?> || f.value instanceof Number
                    || f.value instanceof Boolean)) {
                throw new BadRecordException("bad-series", "field '" + template.field(i) + "' of input.seriesTemplate '"
                        + template + "' must be a string, number or boolean, was " + f.schema.getType().getName());
            }
            values[i] = f.value.toString();
        }
        return template.render(values);
    }

    private long timestamp(GenericRecord root) throws BadRecordException {
        Found f = at(root, paths.timestamp());
        if (f == null || f.value == null) {
            throw new BadRecordException("missing-timestamp", "field '" + input.timestamp + "' is missing");
        }
        long ts;
        if (f.value instanceof Long || f.value instanceof Integer) {
            ts = unitOf(f.schema).toMillis(((Number) f.value).longValue());
        } else if (f.value instanceof CharSequence text) {
            ts = IsoInstant.millis(text.toString());
        } else {
            throw new BadRecordException("bad-timestamp", "field '" + input.timestamp
                    + "' must be ISO-8601 text or an epoch long, was " + f.schema.getType().getName());
        }
        return checks.timestamp(ts);
    }

    /** The field's own unit when its logical type says one, else {@code input.timestampUnit}. */
    private TimestampUnit unitOf(Schema schema) {
        LogicalType t = schema.getLogicalType();
        if (t instanceof LogicalTypes.TimestampMillis || t instanceof LogicalTypes.LocalTimestampMillis) {
            return TimestampUnit.MS;
        }
        if (t instanceof LogicalTypes.TimestampMicros || t instanceof LogicalTypes.LocalTimestampMicros) {
            return TimestampUnit.US;
        }
        if (t instanceof LogicalTypes.TimestampNanos || t instanceof LogicalTypes.LocalTimestampNanos) {
            return TimestampUnit.NS;
        }
        return paths.unit();
    }

    private double value(Found f, String field) throws BadRecordException {
        if (f == null || f.value == null) {
            throw new BadRecordException("missing-value", "field '" + field + "' is missing");
        }
        double v;
        if (f.value instanceof Double || f.value instanceof Float || f.value instanceof Long || f.value instanceof Integer) {
            v = ((Number) f.value).doubleValue();
        } else if (f.value instanceof CharSequence text) {
            try {
                v = Double.parseDouble(text.toString().trim());
            } catch (NumberFormatException e) {
                throw new BadRecordException("bad-value", "field '" + field + "' is text that is not a number: '"
                        + PointParser.abbreviate(text.toString()) + "'");
            }
        } else {
            throw new BadRecordException("bad-value", "field '" + field + "' must be a number, was " + f.schema.getType().getName());
        }
        return checks.value(v, field);
    }

    /** The field at a dotted path through nested records; null where the path leaves the records or names no field. */
    private static Found at(GenericRecord root, String[] path) {
        Object v = root;
        Schema s = root.getSchema();
        for (String p : path) {
            if (!(v instanceof GenericRecord r)) {
                return null;
            }
            Schema.Field field = r.getSchema().getField(p);
            if (field == null) {
                return null;
            }
            v = r.get(field.pos());
            s = field.schema();
        }
        if (s.getType() == Schema.Type.UNION) {
            s = s.getTypes().get(GenericData.get().resolveUnion(s, v));
        }
        return new Found(v, s);
    }
}
