package io.surprisal.stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Avro records as a registry-aware serializer writes them, for the avro tests. */
final class AvroRecords {
    private AvroRecords() {
    }

    /** {@code record} in the Confluent wire format under schema id {@code id}. */
    static byte[] framed(int id, GenericRecord record) {
        return ConfluentWire.frame(id, body(record));
    }

    static byte[] body(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, enc);
            enc.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {series: string, ts: long timestamp-millis, value: double}: the shape topologies/avro.yaml reads. */
    static final Schema POINT = new Schema.Parser().parse("""
            {"type":"record","name":"Point","namespace":"io.surprisal.test","fields":[
              {"name":"series","type":"string"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"value","type":"double"}]}""");
}
