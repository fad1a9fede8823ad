package io.surprisal.bench;

import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.Point;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What the detector is measured against: the same ingest (parse, validate, dead letters — the very
 * {@link DetectorTopology#parsedPoints} of the detector) and then a plain count per series in a
 * persistent, changelogged store configured like the DSL's {@code count()} (RocksDB, record cache on).
 * The count is done with a processor rather than {@code groupByKey().count()} because the DSL would
 * insert a repartition topic after a key-changing processor, which the detector does not have.
 */
final class BaselineTopology {
    static final String STORE = "counts";

    private BaselineTopology() {
    }

    static Topology build(TopologySpec spec) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
        DetectorTopology.parsedPoints(builder, spec, DetectorEvents.NONE)
                .process(CountProcessor::new, Named.as("count"), STORE);
        return builder.build();
    }

    private static final class CountProcessor implements Processor<String, Point, Void, Void> {
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, Point> record) {
            Long n = counts.get(record.key());
            counts.put(record.key(), n == null ? 1L : n + 1);
        }
    }
}
