package io.surprisal.cli;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import io.surprisal.history.HistoryReader;
import io.surprisal.stream.ModelSignatures;
import io.surprisal.stream.ModelTopic;
import io.surprisal.score.ScoringConfig;
import io.surprisal.stream.TopologySpec;
import io.surprisal.history.CsvHistory;
import io.surprisal.history.SeriesHistory;
import io.surprisal.train.SyntheticSeries;
import io.surprisal.train.TrainConfig;
import io.surprisal.train.TrainingJob;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code surprisal train}: learn weights from history (the points topic, a folder of CSV files, or
 * synthetic series) and publish them when they beat the serving model on the same held-back series.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the recurrent model on history and publish it to the models topic when it beats the serving model.",
                "Sources: --topology (the points topic of a deployment), --csv DIR, or --synthetic N (the generic model's recipe)."})
public final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    static final class Source {
        @Option(names = "--topology", description = "Deployment spec: read its points topic and publish to its models topic.")
        Path topology;

        @Option(names = "--csv", paramLabel = "DIR", description = "Folder of CSV files (timestamp,value), one series per file.")
        Path csv;

        @Option(names = "--synthetic", paramLabel = "N", description = "N generated synthetic series (the generic model's recipe).")
        Integer synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: $SURPRISAL_BOOTSTRAP_SERVERS, else localhost:9092).")
    String bootstrapServers;

    @Option(names = "--config", description = "Kafka client properties file; SURPRISAL_KAFKA_<NAME> environment variables add to it.")
    Path config;

    @Option(names = "--from", description = "Start of the history to read from the topic, ISO-8601 (default: --to minus 7 days).")
    Instant from;

    @Option(names = "--to", description = "End of the history (exclusive), ISO-8601 (default: now).")
    Instant to;

    @Option(names = "--sample", defaultValue = "1.0", description = "Share of series to train on, chosen by a hash of the id (default ${DEFAULT-VALUE}).")
    double sample;

    @Option(names = "--max-points", defaultValue = "10000", description = "Most recent points kept per series (default ${DEFAULT-VALUE}).")
    int maxPoints;

    @Option(names = "--from-scratch", description = "Start from random weights instead of the serving model.")
    boolean fromScratch;

    @Option(names = "--dry-run", description = "Train and compare, but do not publish.")
    boolean dryRun;

    @Option(names = "--every", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Train again at this interval: 30m, 1h, 1d or ISO-8601 PT1H; one round when absent.")
    Duration every;

    @Option(names = "--length", defaultValue = "3000", description = "Points per synthetic series (default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--cell", defaultValue = "gru", description = "elman-tanh, elman-relu, gru or lstm, for a model trained from scratch (default ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", defaultValue = "32", description = "Hidden size, for a model trained from scratch (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--calendar", description = "Add time-of-day and day-of-week inputs (from scratch only).")
    boolean calendar;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps-per-epoch", defaultValue = "100", description = "Adam steps per epoch (default ${DEFAULT-VALUE}).")
    int stepsPerEpoch;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed and data give the same weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
    Integer threads;

    @Option(names = "--name", defaultValue = "generic", description = "Model name for --csv/--synthetic (default ${DEFAULT-VALUE}; --topology uses the spec's).")
    String name;

    @Option(names = "--signing-key", paramLabel = "FILE", description = "Ed25519 private key (PKCS#8 PEM, as `openssl genpkey "
            + "-algorithm ed25519` writes): the published document is signed, for deployments with models.verifyKey.")
    Path signingKey;

    @Option(names = "--out", description = "Also write the new model document here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (every == null) {
            return round();
        }
        if (every.isZero()) {
            throw new picocli.CommandLine.ParameterException(commandSpec.commandLine(), "--every must be longer than 0s");
        }
        try (PeriodicRounds rounds = new PeriodicRounds("train", every, this::round, System.err).start()) {
            rounds.awaitClose(); // runs until the process is stopped
        }
        return 0;
    }

    private int round() throws Exception {
        // Read before training, so a wrong key fails in a second, not after an hour of work.
        java.security.PrivateKey key = signingKey == null ? null : ModelSignatures.privateKey(signingKey);
        TrainConfig trainConfig = TrainConfig.defaults()
                .withCell(CellType.parse(cell), hidden)
                .withFeatures(new Features(calendar))
                .withEpochs(epochs, stepsPerEpoch)
                .withSeed(seed);
        if (threads != null) {
            trainConfig = trainConfig.withThreads(threads);
        }
        Instant end = to != null ? to : Instant.now();
        Instant start = from != null ? from : end.minus(Duration.ofDays(7));
        List<SeriesHistory> history;
        Model serving;
        ModelTopic topic = null;
        String dataFrom;
        String dataTo;
        String recipe;
        // The check judges a candidate as the deployment's detectors would run it: with its scoring, when there is a spec.
        ScoringConfig scoring = ScoringConfig.DEFAULT;
        if (source.topology != null) {
            TopologySpec spec = TopologySpec.read(source.topology);
            scoring = spec.scoring.toConfig();
            String bootstrap = KafkaClientConfig.bootstrap(bootstrapServers);
            Map<String, Object> client = KafkaClientConfig.load(config, System.getenv());
            topic = new ModelTopic(spec.topics.models, bootstrap, client);
            serving = topic.current(spec.model).orElseGet(() -> rename(ModelDocument.generic(), spec.model));
            history = new HistoryReader(spec, bootstrap, client).read(start, end, sample, maxPoints, System.err::println);
            dataFrom = start.toString();
            dataTo = end.toString();
            recipe = "topic " + spec.topics.points + " sample " + sample + " max-points " + maxPoints + " seed " + seed;
        } else if (source.csv != null) {
            history = CsvHistory.read(source.csv);
            serving = rename(ModelDocument.generic(), name);
            dataFrom = "csv:" + source.csv;
            dataTo = dataFrom;
            recipe = "csv " + source.csv + " seed " + seed;
        } else {
            history = SyntheticSeries.generate(source.synthetic, length, seed);
            serving = rename(ModelDocument.generic(), name);
            dataFrom = "synthetic";
            dataTo = "synthetic";
            recipe = String.format("surprisal train --synthetic %d --length %d --cell %s --hidden %d%s --epochs %d --steps-per-epoch %d --seed %d",
                    source.synthetic, length, cell, hidden, calendar ? " --calendar" : "", epochs, stepsPerEpoch, seed);
        }
        history = history.stream().filter(s -> s.size() > 1).toList();
        if (history.isEmpty()) {
            System.err.println("surprisal: train: need at least 1 series with history, found none");
            return OneLineErrors.FAILURE; // the command line was fine; the history was empty
        }
        boolean scratch = fromScratch || source.synthetic != null;
        // One series: a deployment that watches one series is best served by a model tuned to it.
        TrainingJob.Outcome outcome = history.size() == 1 && !scratch
                ? TrainingJob.tuneOne(history.get(0), serving, seed, scoring, System.err::println)
                : TrainingJob.run(history, trainConfig, serving, scratch, dataFrom, dataTo, recipe, scoring, System.err::println);
        Model model = outcome.candidate();
        if (out != null) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.write(out, ModelDocument.write(model));
        }
        System.out.println(outcome.verdict());
        String published = "no";
        if (topic != null && outcome.better() && !dryRun) {
            var meta = topic.publish(model, key);
            published = meta.topic() + "@" + meta.offset();
        }
        System.out.printf("trained model=%s cell=%s hidden=%d params=%d series=%d epochs=%d seconds=%.1f "
                        + "initial_loss=%.4f validation_loss=%.4f serving_loss=%.4f found=%.2f serving_found=%.2f period=%d "
                        + "published=%s%n",
                model.version(), model.cell().id(), model.hidden(), model.layout().size, history.size(),
                outcome.training().epochs(), outcome.training().millis() / 1000.0, outcome.training().initialLoss(),
                outcome.candidateLoss(), outcome.servingLoss(), outcome.candidateFound(), outcome.servingFound(),
                model.seasonal() == null ? 0 : model.seasonal().period(), published);
        return 0;
    }

    private static Model rename(Model m, String name) {
        return new Model(name, m.version(), m.layout(), m.weights(), m.features(), m.normalization(), m.training());
    }
}
