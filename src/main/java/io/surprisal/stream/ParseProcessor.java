package io.surprisal.stream;

import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.util.ArrayList;
import java.util.List;

/** Input bytes → validated points keyed by series id, or one dead letter naming the reason. Never throws on bad input. */
final class ParseProcessor extends ContextualProcessor<byte[], byte[], String, Routed> {
    static final String STAGE = "parse";
    private final PointParser parser;
    private final DetectorEvents events;
    private final List<PointParser.ParsedPoint> points = new ArrayList<>(4);

    ParseProcessor(TopologySpec spec, DetectorEvents events) {
        this.parser = new PointParser(spec.input, System::currentTimeMillis);
        this.events = events;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        var meta = context().recordMetadata();
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        try {
            parser.parse(record.key(), record.value(), points);
        } catch (BadRecordException e) {
            events.deadLettered(e.reason());
            context().forward(new Record<String, Routed>(null, new Routed.DeadLetter(record.key(), record.value()),
                    record.timestamp(), DeadLetters.headers(e.reason(), e.getMessage(), STAGE, meta)));
            return;
        }
        for (PointParser.ParsedPoint p : points) {
            events.recordIn();
            context().forward(new Record<String, Routed>(p.series(),
                    new Routed.Good(new Point(p.series(), p.ts(), p.value(), partition, offset), null),
                    record.timestamp()));
            // The input's headers stay behind: copied onto repartition and score records they made a
            // score too large for its topic whenever a producer sent large headers.
        }
    }
}
