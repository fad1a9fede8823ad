package io.surprisal.stream;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Input bytes → validated points keyed by series id, or dead letters naming the reason: one for a
 * record that cannot be read at all (its original bytes), or, in the line formats, one per line that
 * cannot be read (that line's bytes and its number in {@link DeadLetters#SOURCE_LINE}) beside the points
 * of the good lines, and in otlp one per data point that cannot be ({@link DeadLetters#SOURCE_POINT}).
 * Never throws on bad input.
 */
final class ParseProcessor extends ContextualProcessor<byte[], byte[], String, Parsed> {
    static final String STAGE = "parse";
    private final PointParser parser;
    private final DetectorEvents events;
    private final ParseOutput out = new ParseOutput();
    private final HeaderTags headerTags;
    private final OutputTimestamps timestamps;

    /** @param timestamps what every record forwarded is stamped through: they all reach a topic that may limit them */
    ParseProcessor(TopologySpec spec, DetectorEvents events, OutputTimestamps timestamps) {
        this.parser = new PointParser(spec.input, System::currentTimeMillis);
        this.events = events;
        this.headerTags = new HeaderTags(spec.input.headerTags);
        this.timestamps = timestamps;
    }

    /** What a dead letter's key and value may take together ({@link DeadLetters#payloadLimit}). */
    private int deadLetterLimit = Integer.MAX_VALUE;

    @Override
    public void init(ProcessorContext<String, Parsed> context) {
        super.init(context);
        deadLetterLimit = DeadLetters.payloadLimit(context.appConfigs());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        var meta = context().recordMetadata();
        RecordMetadata source = meta.orElse(null); // read without map(): a boxed offset per record is garbage
        int partition = source == null ? -1 : source.partition();
        long offset = source == null ? -1 : source.offset();
        long timestamp = timestamps.stamp(record.timestamp());
        try {
            parser.parse(record.key(), record.value(), record.timestamp(), out);
        } catch (BadRecordException e) {
            deadLetter(record, timestamp, e.reason(), e.getMessage(), meta, record.value(), null, -1);
            return;
        }
        boolean misplaced = !out.keyMatched();
        if (!headerTags.isEmpty()) {
            headerTags.read(record.headers());
        }
        for (PointParser.ParsedPoint p : out.points()) {
            events.recordIn();
            Point point = new Point(p.series(), p.ts(), p.value(), partition, offset,
                    headerTags.isEmpty() ? p.tags() : headerTags.with(p.tags()));
            context().forward(new Record<String, Parsed>(p.series(),
                    misplaced ? new Parsed.Misplaced(point) : new Parsed.Placed(point),
                    timestamp));
            // The input's headers stay behind: copied onto repartition and score records they made a
            // score too large for its topic whenever a producer sent large headers.
        }
        for (ParseOutput.BadLine bad : out.badLines()) {
            if (bad.isDataPoint()) {
                deadLetter(record, timestamp, bad.reason(), bad.message(), meta, bad.bytes(), DeadLetters.SOURCE_POINT, bad.line());
            } else {
                deadLetter(record, timestamp, bad.reason(), bad.message(), meta,
                        Arrays.copyOfRange(record.value(), bad.from(), bad.to()), DeadLetters.SOURCE_LINE, bad.line());
            }
        }
        for (ParseOutput.Skipped s : out.skipped()) {
            events.pointsSkipped(s.kind(), s.count());
        }
    }

    /**
     * A dead letter of {@code value} (the record's bytes, one line of them or one data point), with the
     * reason headers and, for a line or data point, its number under {@code where}.
     */
    private void deadLetter(Record<byte[], byte[]> record, long timestamp, String reason, String message,
                            java.util.Optional<RecordMetadata> meta, byte[] value, String where, int line) {
        events.deadLettered(reason);
        var headers = DeadLetters.headers(reason, message, STAGE, meta);
        if (line > 0) {
            headers.add(where, Integer.toString(line).getBytes(StandardCharsets.UTF_8));
        }
        context().forward(new Record<String, Parsed>(null, DeadLetters.fit(record.key(), value, deadLetterLimit, headers),
                timestamp, headers));
    }
}
