package io.surprisal.cli;

import io.surprisal.bench.Bench;
import io.surprisal.bench.BenchSettings;
import io.surprisal.bench.ShapedSize;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code surprisal bench}: the detector against a baseline topology on an embedded broker; last line {@code ratio=R}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"End-to-end benchmark on an embedded Kafka broker: records/s of the detector and of a baseline",
                "topology (same parsing, a count per series) on the same pre-produced input, p50/p99 produce-to-score",
                "latency at half the detector's rate, and a last line ratio=R (detector / baseline)."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--series", defaultValue = "10000", description = "Distinct series (default ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--points", defaultValue = "1000000", description = "Points in the measured input (default ${DEFAULT-VALUE}).")
    long points;

    @Option(names = "--guarantee", defaultValue = "exactly_once_v2", description = "exactly_once_v2 or at_least_once (default ${DEFAULT-VALUE}).")
    String guarantee;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the input topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--warmup", defaultValue = "700000", description = "Points each topology processes first on a separate topic to warm the JIT (default ${DEFAULT-VALUE}:"
            + " 70 a series at 10k series, past the daily profile's start at 30 and the wrap of a series' input history at 64,"
            + " so the step's paths are compiled before the clock runs; at 50 a series the measured phase met those branches"
            + " for the first time and sent the detector back to the interpreter until the JIT compiled it again; 0 = none).")
    long warmup;

    @Option(names = "--latency-seconds", defaultValue = "15", description = "Length of the latency probe at half the detector's rate, after its warm-up pass (default ${DEFAULT-VALUE}; 0 = skip).")
    int latencySeconds;

    @Option(names = "--latency-warmup-seconds", defaultValue = "30", description = "Length of the latency probe's warm-up pass, at the same rate and not counted (default ${DEFAULT-VALUE}:"
            + " the JIT goes on compiling the broker's and the clients' code for the probe's traffic for about that long, on two cores).")
    int latencyWarmupSeconds;

    @Option(names = "--idle-seconds", defaultValue = "0", description = "Then leave the detector with nothing to read for this long and print"
            + " what each group of threads spent meanwhile, in ms of CPU a second (a line idle seconds=N cpu_ms_per_s ...; default ${DEFAULT-VALUE} = skip).")
    int idleSeconds;

    @Option(names = "--latency-rate", defaultValue = "0", description = "Points per second of the latency probe (default: half the detector's measured rate).")
    double latencyRate;

    @Option(names = "--scale", description = "Also report heap, RocksDB bytes per series, changelog size and restore time after a restart.")
    boolean scale;

    @Option(names = "--detector-first", description = "Measure the detector before the baseline (to see whether the order matters).")
    boolean detectorFirst;

    @Option(names = "--daily-profile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether the detector keeps daily profiles (scoring.dailyProfile; default on): each costs 268 bytes of state per series.")
    boolean dailyProfile;

    @Option(names = "--shaped-baseline", description = "Also measure a baseline with the detector's I/O shape (a state of a series state's size"
            + " read and written, one score-sized record out per point, no detection) and print shaped_ratio=R before the last line.")
    boolean shapedBaseline;

    @Option(names = "--shaped-sizes", split = ",", paramLabel = "STATExOUTPUT", converter = ShapedSizeConverter.class,
            description = "Shaped baselines of other sizes, measured in the same run (implies --shaped-baseline), e.g."
                    + " 400x225,587x60: bytes of the stored state and of the output record per point. Prices a smaller state"
                    + " layout or a compact score format before either is built.")
    List<ShapedSize> shapedSizes = List.of();

    /** Lets picocli report a malformed size as a usage error, with the parser's own message. */
    static final class ShapedSizeConverter implements CommandLine.ITypeConverter<ShapedSize> {
        @Override
        public ShapedSize convert(String text) {
            try {
                return ShapedSize.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--repeat", defaultValue = "1", description = "Times the baseline and the detector are measured in turn,"
            + " each time under new application ids on the same input; the last line's ratio is the median of the repetitions'"
            + " ratios, all printed on a line ratios=... before it (default ${DEFAULT-VALUE}). The latency probe, --scale and"
            + " the shaped baselines run with the last repetition.")
    int repeat;

    @Option(names = "--latency-csv", paramLabel = "FILE", description = "Also write the latency probe's measured pass to FILE,"
            + " one row per point in send order (sent_ms,latency_ms,acked_ms: its scheduled send time from the pass's start, its"
            + " latency, and the time until the broker acknowledged it; empty when it was not scored, or not acknowledged):"
            + " when in the pass the slow points came, and whether they were late before Kafka Streams could read them.")
    Path latencyCsv;

    @Option(names = "--repartition", description = "Points go through the repartition topic by series id first, as with a"
            + " spec's default input (input.keyIsSeries: false), in every topology; without it each reads the points topic"
            + " itself (input.keyIsSeries: true, the input being keyed by series).")
    boolean repartition;

    @Option(names = "--streams-config", description = "A Kafka Streams setting for both topologies, key=value (repeatable); wins over the deployment defaults of DetectorTopology.properties.")
    Map<String, String> streamsConfig = Map.of();

    @Override
    public Integer call() throws Exception {
        Properties overrides = new Properties();
        overrides.putAll(streamsConfig);
        List<ShapedSize> shapes = new ArrayList<>();
        if (shapedBaseline || !shapedSizes.isEmpty()) {
            shapes.add(ShapedSize.DETECTOR);
        }
        shapes.addAll(shapedSizes);
        Bench bench = new Bench(new BenchSettings(series, points, guarantee, partitions, warmup, latencySeconds, latencyWarmupSeconds, latencyRate,
                scale, detectorFirst, dailyProfile, shapes, repeat, overrides, latencyCsv, repartition, idleSeconds), System.out);
        bench.run();
        // The ratio stays the last line; a void latency probe still fails the command (exit 1), loudly above it.
        return bench.latencyFailure() == null ? 0 : 1;
    }
}
