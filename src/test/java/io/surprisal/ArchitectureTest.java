package io.surprisal;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;
import java.util.List;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The import rules that ARCHITECTURE.md states, checked on the compiled production classes: a rule
 * changed here is a paragraph to change there, and the other way round. Each package rule names what
 * the package may import among io.surprisal's packages (itself always); the library rules keep each
 * heavy dependency inside the one package that needs it, which is what lets the lab become a Maven
 * module of its own.
 */
@AnalyzeClasses(packages = "io.surprisal", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] CORE = {"io.surprisal.model..", "io.surprisal.score..", "io.surprisal.state.."};
    private static final String[] LAB_PACKAGES = {"io.surprisal.eval..", "io.surprisal.bench..", "io.surprisal.sim..",
            "io.surprisal.embedded.."};

    /** The in-process KRaft broker. */
    private static final DescribedPredicate<JavaClass> EMBEDDED_BROKER = resideInAnyPackage("io.surprisal.embedded..");

    private static final DescribedPredicate<JavaClass> LAB = resideInAnyPackage(LAB_PACKAGES).as("the lab");

    /**
     * The lab commands that cli hosts beside the production ones, so one jar has one entry point:
     * demo, bench, eval and simulate, and SimulateCommand's progress printer (it implements the
     * simulator's progress callback). Named one by one so a new production command cannot reach into
     * the lab unnoticed; these classes move with the lab when it becomes a module.
     */
    private static final List<String> LAB_COMMANDS = List.of("BenchCommand", "DemoCommand", "EvalCommand", "SimulateCommand",
            "ProgressLine");

    private static final DescribedPredicate<JavaClass> LAB_COMMAND = DescribedPredicate.describe(
            "a lab command of cli " + LAB_COMMANDS, c -> c.getPackageName().equals("io.surprisal.cli")
                    && LAB_COMMANDS.contains(topLevel(c).getSimpleName()));

    @ArchTest
    static final ArchRule noCyclesBetweenPackages = slices().matching("io.surprisal.(*)..").namingSlices("$1")
            .should().beFreeOfCycles();

    // ---- The core: the model, the detector's scoring and its state. No I/O library, no other package.

    @ArchTest
    static final ArchRule modelImportsNoOtherPackage = mayOnlyImport("model")
            .because("the model is the bottom of the core: weights and features, read by everyone");

    @ArchTest
    static final ArchRule coreUsesNoFrameworks = classes().that().resideInAnyPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    concat(CORE, "java..", "org.apache.commons.math3.."))
            .because("the core is pure computation: no Kafka, Micrometer, Jackson or picocli, so it is tested"
                    + " and benchmarked without a broker and runs the same in every host");

    // ---- The model document: the model's JSON form, the one way weights travel (topic, file, jar).

    @ArchTest
    static final ArchRule documentReadsAndWritesOnlyTheModel = classes().that().resideInAPackage("io.surprisal.document..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "io.surprisal.document..", "io.surprisal.model..", "java..", "com.fasterxml.jackson.databind..",
                    "com.fasterxml.jackson.core..")
            .because("the document is the model's JSON and nothing else: Jackson stays out of the core");

    @ArchTest
    static final ArchRule stateImportsNoOtherPackage = mayOnlyImport("state")
            .because("state is what the detector keeps per series; scoring reads and writes it, never the reverse");

    @ArchTest
    static final ArchRule scoreImportsOnlyModelAndState = mayOnlyImport("score", "model", "state");

    @ArchTest
    static final ArchRule stateFieldsStayInTheCore = noClasses().that().resideOutsideOfPackages(CORE)
            .should().accessFieldWhere(DescribedPredicate.describe("the field is a state class's",
                    (JavaFieldAccess a) -> a.getTargetOwner().getPackageName().equals("io.surprisal.state")))
            .because("outside the core a series' state is read through SeriesSummary, the detector and the serde,"
                    + " not field by field");

    // ---- Production around the core.

    @ArchTest
    static final ArchRule timeImportsNoOtherPackage = mayOnlyImport("time")
            .because("timestamp reading is shared by stream and history and must not tie them together");

    @ArchTest
    static final ArchRule streamImportsOnlyCoreAndTime = mayOnlyImport("stream", "model", "score", "state", "time", "document");

    @ArchTest
    static final ArchRule historyImportsOnlyCoreTimeAndStream = mayOnlyImport("history", "model", "score", "state", "time", "stream")
            .because("history reads past points through the detector's own parser, so it learns from what the detector would score");

    @ArchTest
    static final ArchRule trainImportsOnlyCoreAndHistory = classes().that().resideInAPackage("io.surprisal.train..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    concat(CORE, "io.surprisal.train..", "io.surprisal.history..", "java..", "org.apache.commons.math3.."))
            .because("training is computation over histories: no Kafka, no metrics, no command line");

    @ArchTest
    static final ArchRule opsImportsOnlyCoreAndStream = mayOnlyImport("ops", "model", "score", "state", "stream", "document");

    @ArchTest
    static final ArchRule cliProductionCommandsImportNoLab = classes().that().resideInAPackage("io.surprisal.cli..")
            .and(not(LAB_COMMAND))
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.surprisal..").or(resideInAnyPackage(
                    "io.surprisal.cli..", "io.surprisal.model..", "io.surprisal.score..", "io.surprisal.state..",
                    "io.surprisal.time..", "io.surprisal.stream..", "io.surprisal.history..", "io.surprisal.train..",
                    "io.surprisal.ops..", "io.surprisal.document..")))
            .because("only the lab commands named in LAB_COMMANDS may reach the lab");

    @ArchTest
    static final ArchRule productionNeverImportsTheLab = noClasses().that(not(LAB)).and(not(LAB_COMMAND))
            .should().dependOnClassesThat(LAB)
            .because("the lab (eval, bench, sim, the embedded broker) depends on production, never the reverse,"
                    + " so production can ship without it");

    // ---- Each heavy library in the one place that needs it.

    @ArchTest
    static final ArchRule onlyTheEmbeddedBrokerUsesTheBroker = noClasses().that(not(EMBEDDED_BROKER))
            .should().dependOnClassesThat().resideInAnyPackage("kafka..", "scala..", "org.apache.kafka.server..",
                    "org.apache.kafka.metadata..", "org.apache.kafka.raft..", "org.apache.kafka.storage..")
            .because("the broker (kafka_2.13, Scala) is for demo, bench and tests; run and train only talk to one");

    @ArchTest
    static final ArchRule onlyEvalUsesRandomCutForest = noClasses().that().resideOutsideOfPackage("io.surprisal.eval..")
            .should().dependOnClassesThat().resideInAPackage("com.amazon.randomcutforest..")
            .because("Random Cut Forest is a peer detector for evaluation only");

    @ArchTest
    static final ArchRule onlyCliUsesPicocli = noClasses().that().resideOutsideOfPackage("io.surprisal.cli..")
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("options are parsed once, in cli, and handed on as plain values");

    @ArchTest
    static final ArchRule onlyOpsUsesMicrometer = noClasses().that().resideOutsideOfPackage("io.surprisal.ops..")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("metrics are ops' concern; stream reports through DetectorEvents and ops meters them");

    /** Classes of io.surprisal.{pkg} may depend on no io.surprisal package but their own and {@code allowed}. */
    private static ArchRule mayOnlyImport(String pkg, String... allowed) {
        String[] packages = concat(Arrays.stream(allowed).map(p -> "io.surprisal." + p + "..").toArray(String[]::new),
                "io.surprisal." + pkg + "..");
        return classes().that().resideInAPackage("io.surprisal." + pkg + "..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.surprisal..").or(resideInAnyPackage(packages)));
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
