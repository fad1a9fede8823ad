package io.surprisal.bench;

import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.Point;
import io.surprisal.stream.TopologySpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the detector is measured against: the same ingest (parse, validate, dead letters — the very
 * {@link DetectorTopology#parsedPoints} of the detector) and then a plain count per series in a
 * persistent, changelogged store configured like the DSL's {@code count()} (RocksDB, record cache on).
 * The count is done with a processor rather than {@code groupByKey().count()} because the DSL would
 * insert a repartition topic after a key-changing processor, which the detector does not have.
 *
 * <p>The <em>shaped</em> variant has the detector's I/O shape and none of its work: per point it reads a
 * stored value as large as a series state, writes back a changed copy, and emits one record as large as a
 * score to the scores topic ({@link ShapedSize#DETECTOR}; other sizes price a smaller state or score). It keeps
 * its values as the detector keeps its states: no record cache on the store and the values the stream thread
 * used last in memory, within the same budget. What
 * the detector costs beyond it is the detector's own computation; what the shaped baseline costs beyond the
 * count is what Kafka Streams charges for a state and an output per point.
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

    static Topology buildShaped(TopologySpec spec, ShapedSize size) {
        StreamsBuilder builder = new StreamsBuilder();
        var store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray());
        builder.addStateStore(store.withCachingDisabled());
        DetectorTopology.parsedPoints(builder, spec, DetectorEvents.NONE)
                .process(() -> new ShapedProcessor(size), Named.as("shaped"), STORE)
                .to(spec.topics.scores, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("shaped-out"));
        return builder.build();
    }

    private static final class ShapedProcessor implements Processor<String, Point, String, byte[]> {
        /** The detector's estimate of the heap a decoded state takes with its entry (DecodedStates). */
        private static final long KEPT_ENTRY_BYTES = 1024;
        /** The values each stream thread used last, as the detector's decoded states (per thread, least recent out). */
        private static final ThreadLocal<Map<String, byte[]>> KEPT = new ThreadLocal<>();
        private final ShapedSize size;
        private KeyValueStore<String, byte[]> states;
        private Map<String, byte[]> kept;
        private ProcessorContext<String, byte[]> context;

        ShapedProcessor(ShapedSize size) {
            this.size = size;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            states = context.getStateStore(STORE);
            long capacity = DetectorTopology.decodedStatesBudget(context.appConfigs()) / KEPT_ENTRY_BYTES;
            kept = KEPT.get();
            if (kept == null && capacity > 0) {
                kept = new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                        return size() > capacity;
                    }
                };
                KEPT.set(kept);
            }
        }

        @Override
        public void process(Record<String, Point> record) {
            byte[] old = kept == null ? null : kept.get(record.key());
            if (old == null) {
                old = states.get(record.key());
            }
            // A new array per write, as the state serde makes one; the first byte changes so no write is a no-op.
            byte[] next = old == null ? new byte[size.stateBytes()] : old.clone();
            next[0]++;
            states.put(record.key(), next);
            if (kept != null) {
                kept.put(record.key(), next);
            }
            byte[] out = new byte[size.outputBytes()];
            out[0] = next[0];
            context.forward(record.withValue(out));
        }
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
