package io.surprisal.cli;

import io.surprisal.model.CellType;
import io.surprisal.model.Features;
import io.surprisal.model.Model;
import io.surprisal.model.ModelDocument;
import io.surprisal.train.SeriesHistory;
import io.surprisal.train.SyntheticSeries;
import io.surprisal.train.TrainConfig;
import io.surprisal.train.TrainResult;
import io.surprisal.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code surprisal train}: learn weights from history and write (or publish) a model document. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the recurrent model on history (synthetic series or a folder of CSV files) and write a model document.")
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--synthetic", paramLabel = "N", description = "Train on N generated synthetic series (the generic model's recipe).")
    int synthetic;

    @Option(names = "--length", defaultValue = "3000", description = "Points per synthetic series (default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--cell", defaultValue = "gru", description = "elman-tanh, elman-relu, gru or lstm (default ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", defaultValue = "32", description = "Hidden size (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--calendar", description = "Add time-of-day and day-of-week inputs.")
    boolean calendar;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps-per-epoch", defaultValue = "100", description = "Adam steps per epoch (default ${DEFAULT-VALUE}).")
    int stepsPerEpoch;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed and data give the same weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Worker threads (default: all cores; results do not depend on it).")
    Integer threads;

    @Option(names = "--name", defaultValue = "generic", description = "Model name (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--out", required = true, description = "Where to write the model document (JSON).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (synthetic <= 1) {
            System.err.println("train: give --synthetic N (N >= 2) or a data source");
            return 2;
        }
        TrainConfig config = TrainConfig.defaults()
                .withCell(CellType.parse(cell), hidden)
                .withFeatures(new Features(calendar))
                .withEpochs(epochs, stepsPerEpoch)
                .withSeed(seed);
        if (threads != null) {
            config = config.withThreads(threads);
        }
        List<SeriesHistory> data = SyntheticSeries.generate(synthetic, length, seed);
        List<List<SeriesHistory>> split = Trainer.split(data, config.validationShare(), seed);
        String recipe = String.format("surprisal train --synthetic %d --length %d --cell %s --hidden %d%s --epochs %d --steps-per-epoch %d --seed %d",
                synthetic, length, cell, hidden, calendar ? " --calendar" : "", epochs, stepsPerEpoch, seed);
        System.err.printf("training %s H=%d on %d series (%d held back), %d points each%n",
                config.cell().id(), hidden, split.get(0).size(), split.get(1).size(), length);
        Trainer trainer = new Trainer(config, TrainCommand::progress);
        String version = name + "-" + config.cell().id() + hidden + "-s" + seed;
        TrainResult result = trainer.train(split.get(0), split.get(1), null, name, version,
                "synthetic", "synthetic", recipe);
        Model model = result.model();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, ModelDocument.write(model));
        System.out.printf("trained cell=%s hidden=%d params=%d epochs=%d windows=%d seconds=%.1f initial_loss=%.4f validation_loss=%.4f out=%s%n",
                config.cell().id(), hidden, model.layout().size, result.epochs(), result.windows(), result.millis() / 1000.0,
                result.initialLoss(), result.validationLoss(), out);
        return 0;
    }

    static void progress(int epoch, int max, double train, double val, double best, long elapsedMs) {
        long eta = elapsedMs / epoch * (max - epoch);
        System.err.printf("epoch %d/%d train=%.4f validation=%.4f best=%.4f elapsed=%ds (at most %ds left)%n",
                epoch, max, train, val, best, elapsedMs / 1000, eta / 1000);
    }
}
