package io.surprisal.stream;

import com.google.protobuf.AnyProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.WrappersProto;
import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.internal.SchemaEncoder;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;

import java.util.List;
import java.util.Map;

/**
 * A registry's {@code .proto} text as protobuf-java descriptors, which DynamicMessage decodes with.
 * protobuf-java reads only compiled descriptors, so Square's Wire parses and links the text (resolving
 * its types and the well-known types it imports) and encodes it as a {@code FileDescriptorProto};
 * protobuf-java then builds and checks the descriptors from that. Imports are limited to the well-known
 * types that protobuf-java carries: a schema that imports another registered schema (a registry
 * reference) is refused, as the avro format refuses references.
 */
final class ProtoDescriptors {
    /** The imports a registered schema may have, with the descriptors protobuf-java already holds for them. */
    private static final Map<String, Descriptors.FileDescriptor> WELL_KNOWN = Map.of(
            "google/protobuf/timestamp.proto", TimestampProto.getDescriptor(),
            "google/protobuf/duration.proto", DurationProto.getDescriptor(),
            "google/protobuf/wrappers.proto", WrappersProto.getDescriptor(),
            "google/protobuf/any.proto", AnyProto.getDescriptor(),
            "google/protobuf/empty.proto", EmptyProto.getDescriptor(),
            "google/protobuf/struct.proto", StructProto.getDescriptor(),
            "google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor(),
            "google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor());

    private ProtoDescriptors() {
    }

    /**
     * The file's descriptors, or unknown-schema with the first thing that stops it being read. Synchronized:
     * Wire's loader of the well-known types is one shared object, not documented as safe for several stream
     * threads at once, and each task calls this once per schema id, so the lock costs nothing per record.
     */
    static synchronized Descriptors.FileDescriptor read(int id, String text) throws BadRecordException {
        // The file's name only shows in errors and in the descriptor; each id gets its own.
        String path = "registry/schema-" + Integer.toUnsignedString(id) + ".proto";
        try {
            ProtoFileElement element = ProtoParser.Companion.parse(Location.get(path), text);
            for (String imported : element.getImports()) {
                requireWellKnown(id, imported);
            }
            for (String imported : element.getPublicImports()) {
                requireWellKnown(id, imported);
            }
            ProtoFile file = ProtoFile.Companion.get(element);
            ErrorCollector errors = new ErrorCollector();
            Linker linker = new Linker(new OneFile(path, file), errors, true, false);
            Schema schema = linker.link(List.of(file));
            errors.throwIfNonEmpty();
            DescriptorProtos.FileDescriptorProto proto = DescriptorProtos.FileDescriptorProto.parseFrom(
                    new SchemaEncoder(schema).encode(schema.protoFile(path)).toByteArray());
            Descriptors.FileDescriptor[] deps = new Descriptors.FileDescriptor[proto.getDependencyCount()];
            for (int i = 0; i < deps.length; i++) {
                deps[i] = requireWellKnown(id, proto.getDependency(i));
            }
            Descriptors.FileDescriptor fd = Descriptors.FileDescriptor.buildFrom(proto, deps);
            if (fd.getMessageTypes().isEmpty()) {
                throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " declares no message type");
            }
            return fd;
        } catch (Descriptors.DescriptorValidationException | InvalidProtocolBufferException | RuntimeException e) {
            // Wire reports syntax and link errors as IllegalStateException or SchemaException, with the location.
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " is not a .proto schema this detector can read: "
                    + PointParser.firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static Descriptors.FileDescriptor requireWellKnown(int id, String imported) throws BadRecordException {
        Descriptors.FileDescriptor fd = WELL_KNOWN.get(imported);
        if (fd == null) {
            throw new BadRecordException(RegistrySchemas.UNKNOWN, "schema " + id + " imports " + imported
                    + "; only the well-known google/protobuf types are resolved, not other registered schemas");
        }
        return fd;
    }

    /** Wire's loader for one registered file: the text itself, and the well-known types Wire ships. */
    private record OneFile(String path, ProtoFile file) implements Loader {
        @Override
        public ProtoFile load(String p) {
            return p.equals(path) ? file : CoreLoader.INSTANCE.load(p);
        }

        @Override
        public Loader withErrors(ErrorCollector errors) {
            return this;
        }
    }
}
