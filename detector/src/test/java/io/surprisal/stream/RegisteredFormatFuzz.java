package io.surprisal.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fuzz properties every schema-registry format shares (avro, protobuf): a valid record is always a
 * point, and a record one mutation away from valid, or any bytes after a valid header, ends as a point or
 * a dead letter with its reason, never as an exception. A subclass gives the parser, whose schema id 1 is
 * its rich test schema, and valid records of that schema.
 */
abstract class RegisteredFormatFuzz {
    static final long NOW = System.currentTimeMillis();

    /** The input section of a spec for {@code format}, default field names, a registry that is never asked. */
    static TopologySpec.Input input(String format) {
        TopologySpec.Input in = new TopologySpec.Input();
        in.format = format;
        in.registryUrl = "http://registry.invalid/";
        return in;
    }

    /** A registry that serves {@code schema} as id 1 and knows no other id. */
    static <S> SchemaSource<S> onlyIdOne(S schema) {
        return id -> {
            if (id == 1) {
                return schema;
            }
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not registered");
        };
    }

    /** The format's parser, with schema id 1 served and every other id unknown. */
    abstract RecordParser parser();

    /** Valid records in the wire format, schema id 1, each of one point stamped within 300 days before {@link #NOW}. */
    @Provide
    abstract Arbitrary<byte[]> records();

    @Provide
    Arbitrary<byte[]> mutated() {
        return ByteMutations.of(records());
    }

    /** 1 for a record that became points, 0 for a dead letter; anything else fails the property. */
    private int outcome(byte[] value) {
        try {
            ParseOutput out = new ParseOutput();
            parser().parse(null, value, NOW, out);
            return out.points().size() == 1 ? 1 : -1;
        } catch (BadRecordException e) {
            return e.reason() == null ? -1 : 0;
        }
    }

    @Property(tries = 600)
    void mutatedValidRecordsEndAsAPointOrADeadLetter(@ForAll("mutated") byte[] value) {
        assertTrue(outcome(value) >= 0);
    }

    @Property(tries = 300)
    void arbitraryBytesAfterTheHeaderEndAsAPointOrADeadLetter(@ForAll byte[] body) {
        assertTrue(outcome(ConfluentWire.frame(1, body)) >= 0);
    }

    @Property(tries = 200)
    void validRecordsAreAlwaysAPoint(@ForAll("records") byte[] value) {
        assertTrue(outcome(value) == 1);
    }
}
