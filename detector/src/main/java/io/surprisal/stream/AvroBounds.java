package io.surprisal.stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Keeps a hostile record from costing more memory than its own size. Avro's decoder allocates a string,
 * bytes or array for the length a record claims before it reads the content, so a 10-byte record claiming
 * a 2 GB string would kill the stream thread with an OutOfMemoryError. {@link #fits} first walks the body
 * with Avro's skip, which reads lengths without allocating for them: a body that passes holds every byte it
 * claims. That bounds strings and bytes, and a record nested deeper than the stack allows fails here too; arrays are bounded because each item takes at least one byte,
 * which is why {@link #check} refuses schemas whose array items can be empty (an array of nulls could
 * claim billions of items in a few bytes).
 */
final class AvroBounds {
    private AvroBounds() {
    }

    /** unknown-schema for a schema with arrays whose items may take no bytes at all. */
    static void check(int id, Schema schema) throws BadRecordException {
        if (emptyItems(schema, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id
                    + " has an array whose items may take no bytes (null, an empty record or fixed); refused, "
                    + "since such an array can claim any length");
        }
    }

    private static boolean emptyItems(Schema s, Set<Schema> seen) {
        if (!seen.add(s)) {
            return false;
        }
        return switch (s.getType()) {
            case ARRAY -> mayBeEmpty(s.getElementType(), Collections.newSetFromMap(new IdentityHashMap<>()))
                    || emptyItems(s.getElementType(), seen);
            case MAP -> emptyItems(s.getValueType(), seen);
            case UNION -> s.getTypes().stream().anyMatch(t -> emptyItems(t, seen));
            case RECORD -> s.getFields().stream().anyMatch(f -> emptyItems(f.schema(), seen));
            default -> false;
        };
    }

    /** Whether a value of {@code s} may encode to zero bytes. */
    private static boolean mayBeEmpty(Schema s, Set<Schema> seen) {
        if (!seen.add(s)) {
            return false; // a recursive record reaches itself only through a union or array, which take bytes
        }
        return switch (s.getType()) {
            case NULL -> true;
            case FIXED -> s.getFixedSize() == 0;
            case RECORD -> s.getFields().stream().allMatch(f -> mayBeEmpty(f.schema(), seen));
            default -> false;
        };
    }

    /** Whether the body is one well-formed value of {@code schema}, every claimed length within it, nothing after. */
    static boolean fits(Schema schema, BinaryDecoder body) {
        try {
            GenericDatumReader.skip(schema, body);
            return body.isEnd();
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (StackOverflowError e) {
            // A recursive schema (a linked list of records) nested deeper than the thread's stack: refuse the
            // record rather than let the Error end the stream thread. The stack is whole again once unwound.
            return false;
        }
    }
}
