package io.surprisal.cli;

import io.surprisal.eval.CostProfile;
import io.surprisal.eval.DetectorFactories;
import io.surprisal.eval.DetectorFactory;
import io.surprisal.eval.EvalRunner;
import io.surprisal.eval.MalformedInputException;
import io.surprisal.eval.NabCorpus;
import io.surprisal.eval.NabProfiles;
import io.surprisal.eval.UcrCorpus;
import io.surprisal.eval.UcrRunner;
import io.surprisal.model.InvalidModelException;
import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code surprisal eval}: replay a NAB-layout corpus through a detector and score it with the NAB rules, or a
 * UCR-anomaly-archive-layout corpus (recognised by its labels.csv) and score it with the archive's protocol.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Replays every series of a folder through a detector, point by point in",
                "file order, and scores it. The layout is UCR when the data folder holds",
                "labels.csv, else NAB (--layout forces one).",
                "",
                "NAB: <category>/<name>.csv files and a --labels windows JSON; writes",
                "<out>/<category>/<name>.csv and scores with the NAB rules. Last line:",
                "  standard=S reward_low_FP_rate=S reward_low_FN_rate=S",
                "",
                "UCR anomaly archive: labels.csv (file,n_points,train_end,anomaly_start,",
                "anomaly_end; 0-based, inclusive) and data/<file>.txt.gz. The detector",
                "learns from each prefix [0, train_end), then scores the rest; points get",
                "one timestamp a minute from 2026-01-01T00:00:00Z. Writes <out>/<name>.csv",
                "(index,value,anomaly_score; 0 before train_end). loc = the first highest",
                "score at or after train_end; a hit when anomaly_start - 100 <= loc <=",
                "anomaly_end + 100. Last line:",
                "  ucr=S hits=H series=N   (S = hits / series, 3 decimals)",
                "",
                "Both write settings.json and scores.json into <out>."})
public final class EvalCommand implements Callable<Integer> {

    /** Exit code for input that cannot be evaluated: unknown detector, malformed or missing files. */
    static final int BAD_INPUT = 2;

    @Spec
    CommandSpec spec;

    static final String NAB = "nab";
    static final String UCR = "ucr";

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "NAB: folder of <category>/<name>.csv files with header timestamp,value. "
                    + "UCR: folder with labels.csv and data/<file>.txt.gz (one value per line, or whitespace separated).")
    Path data;

    @Option(names = "--layout", paramLabel = "LAYOUT",
            description = "nab or ucr (default: ucr when the data folder holds labels.csv, else nab).")
    String layout;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "NAB (required): windows JSON ({\"category/name.csv\": [[start, end], ...]}). "
                    + "UCR: labels.csv (default: labels.csv in the data folder). Read by the scorer only.")
    Path labels;

    @Option(names = "--profiles", paramLabel = "FILE",
            description = "NAB profiles JSON. Default: profiles.json beside the labels file, else NAB's standard costs. "
                    + "NAB layout only.")
    Path profiles;

    @Option(names = "--only", split = ",", paramLabel = "CATEGORY",
            description = "Replay only these categories (comma separated). NAB layout only.")
    List<String> only = new ArrayList<>();

    @Option(names = "--detector", defaultValue = DetectorFactories.SURPRISAL, paramLabel = "NAME",
            description = "surprisal, surprisal-ft (also tuned on each series' past as it goes), rcf, gaussian or diff "
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

    @Option(names = "--tune", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether the surprisal detector learns from the history with the trainer, as a deployment does "
                    + "(default on): on each series' anomaly-free prefix (UCR layout), or in one train round over the "
                    + "probationary periods of every file, whose model each file serves from its probation's end (NAB "
                    + "layout). --no-tune measures what learning adds.")
    boolean tune;

    @Option(names = "--period-model", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Whether tuning on a prefix also learns the series' period: an autoregression over the block "
                    + "means of one period, which judges each block of points (default on). --no-period-model measures "
                    + "what it adds.")
    boolean periodModel;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the trainer when the surprisal detector learns from the history (NAB's round, each UCR "
                    + "prefix's tuning; default: train's, 42; recorded in settings.json): the figures of other seeds show "
                    + "how much of one is the luck of the draw.")
    Long seed;

    @Option(names = "--scoring", paramLabel = "NAME=VALUE",
            description = "A scoring setting of the surprisal detectors that differs from the shipped default, e.g. "
                    + "shortWindow=10, anomalyLearning=1 or timeZone=Europe/Berlin (repeatable; recorded in settings.json): "
                    + "for ablations.")
    Map<String, String> scoring = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output folder for scored files, settings.json and scores.json.")
    Path out;

    @Option(names = "--threads", paramLabel = "N",
            description = "Series replayed in parallel (default: the number of cores).")
    Integer threads;

    @Override
    public Integer call() {
        try {
            String chosenLayout = resolveLayout();
            DetectorFactory factory = DetectorFactories.byName(detector, model == null ? null : readModel(model), dailyProfile,
                    tune, periodModel, scoring, seed);
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (chosenLayout.equals(UCR)) {
                if (profiles != null || !only.isEmpty()) {
                    throw new IllegalArgumentException((profiles != null ? "--profiles" : "--only")
                            + " is for the NAB layout; " + data + " is in the UCR layout");
                }
                UcrCorpus corpus = UcrCorpus.load(data, labels);
                Map<String, Object> runInfo = new LinkedHashMap<>();
                runInfo.put("layoutChosen", layout == null ? "labels.csv found in the data folder" : "--layout ucr");
                new UcrRunner(factory, workers, spec.commandLine().getOut(), spec.commandLine().getErr())
                        .run(corpus, out, runInfo);
                return 0;
            }
            if (labels == null) {
                throw new IllegalArgumentException("--labels FILE is required for the NAB layout (" + data
                        + " holds no " + UcrCorpus.LABELS_FILE + ")");
            }
            Map<String, Object> runInfo = new LinkedHashMap<>();
            runInfo.put("labels", labels.toAbsolutePath().normalize().toString());
            List<CostProfile> costProfiles = resolveProfiles(runInfo);
            runInfo.put("only", only);
            NabCorpus corpus = NabCorpus.load(data, labels, only);
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

    /** The layout asked for with --layout, else ucr when the data folder holds labels.csv, else nab. */
    private String resolveLayout() {
        if (layout == null) {
            return UcrCorpus.isUcrLayout(data) ? UCR : NAB;
        }
        String asked = layout.trim().toLowerCase(Locale.ROOT);
        if (!asked.equals(NAB) && !asked.equals(UCR)) {
            throw new IllegalArgumentException("unknown layout '" + layout + "'; known: " + NAB + ", " + UCR);
        }
        return asked;
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
