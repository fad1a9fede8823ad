package io.surprisal.cli;

import io.surprisal.eval.CostProfile;
import io.surprisal.eval.DetectorFactories;
import io.surprisal.eval.DetectorFactory;
import io.surprisal.eval.EvalRunner;
import io.surprisal.eval.MalformedInputException;
import io.surprisal.eval.NabCorpus;
import io.surprisal.eval.NabProfiles;
import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Model;
import io.surprisal.model.ModelDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code surprisal eval}: replay a NAB-layout corpus through a detector and score it with the NAB rules. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Replays every CSV of a NAB-layout folder through a detector, point by point in file order,",
                "writes <out>/<category>/<name>.csv with the anomaly scores, and scores them with the NAB rules.",
                "The last line printed is: standard=S reward_low_FP_rate=S reward_low_FN_rate=S"})
public final class EvalCommand implements Callable<Integer> {

    /** Exit code for input that cannot be evaluated: unknown detector, malformed or missing files. */
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Folder of <category>/<name>.csv files with header timestamp,value.")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "FILE",
            description = "Windows JSON ({\"category/name.csv\": [[start, end], ...]}); read by the scorer only.")
    Path labels;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "NAB profiles JSON. Default: profiles.json beside the labels file, else NAB's standard costs.")
    Path profiles;

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Replay only these categories (comma separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--detector", defaultValue = DetectorFactories.SURPRISAL, paramLabel = "NAME",
            description = "surprisal, surprisal-ft (fine-tuned on each series' past as it goes), rcf or gaussian "
                    + "(default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Model document (as written by train --out) for the surprisal detectors; default: the generic model "
                    + "in the jar.")
    Path model;

    @Option(names = "--daily-profile", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether the surprisal detectors also judge each value against what its UTC hour of day usually "
                    + "shows (scoring.dailyProfile; default on). --no-daily-profile measures what the profile adds.")
    boolean dailyProfile;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder for scored files, settings.json and scores.json.")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Series replayed in parallel (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        try {
            DetectorFactory factory = DetectorFactories.byName(detector, model == null ? null : readModel(model), dailyProfile);
            Map<String, Object> runInfo = new LinkedHashMap<>();
            runInfo.put("labels", labels.toAbsolutePath().normalize().toString());
            List<CostProfile> costProfiles = resolveProfiles(runInfo);
            runInfo.put("only", only);
            NabCorpus corpus = NabCorpus.load(data, labels, only);
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            new EvalRunner(factory, workers, spec.commandLine().getOut(), spec.commandLine().getErr())
                    .run(corpus, costProfiles, out, runInfo);
            return 0;
        } catch (IllegalArgumentException | MalformedInputException | UncheckedIOException e) {
            // The message names the file and line; a stack trace would only hide it.
            spec.commandLine().getErr().println("eval: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return BAD_INPUT;
        }
    }

    private static Model readModel(Path file) {
        try {
            return ModelDocument.read(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model " + file + ": " + e.getMessage());
        } catch (InvalidModelException e) {
            throw new IllegalArgumentException("model " + file + " is not usable: " + e.getMessage());
        }
    }

    /** Runs eval on its own, e.g. before it is registered as a subcommand of {@code surprisal}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EvalCommand()).execute(args));
    }

    private List<CostProfile> resolveProfiles(Map<String, Object> runInfo) {
        Path chosen = profiles;
        if (chosen == null) {
            Path beside = labels.toAbsolutePath().getParent().resolve("profiles.json");
            chosen = Files.isRegularFile(beside) ? beside : null;
        }
        if (chosen == null) {
            runInfo.put("profiles", "built-in NAB defaults");
            return CostProfile.nabDefaults();
        }
        runInfo.put("profiles", chosen.toAbsolutePath().normalize().toString());
        return NabProfiles.read(chosen);
    }
}
