package io.surprisal;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.surprisal.cli.LabMain;
import io.surprisal.cli.Main;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The import rules that ARCHITECTURE.md states, checked on the compiled production classes: a rule
 * changed here is a paragraph to change there, and the other way round. Each package rule names what
 * the package may import among io.surprisal's packages (itself always); the library rules keep each
 * heavy dependency inside the one package that needs it, which is what lets the lab be a Maven module of
 * its own. The module rules say which classes live in which module: production in detector, the lab and
 * the lab commands in lab, and no class of detector depends on one of lab. This test lives in lab, the
 * one module that sees every class.
 */
@AnalyzeClasses(packages = "io.surprisal", importOptions = ArchitectureTest.DoNotIncludeTestsOrTestJars.class)
class ArchitectureTest {

    private static final String[] CORE = {"io.surprisal.model..", "io.surprisal.score..", "io.surprisal.state.."};
    private static final String[] LAB_PACKAGES = {"io.surprisal.eval..", "io.surprisal.bench..", "io.surprisal.sim..",
            "io.surprisal.embedded.."};

    /** The in-process KRaft broker. */
    private static final DescribedPredicate<JavaClass> EMBEDDED_BROKER = resideInAnyPackage("io.surprisal.embedded..");

    private static final DescribedPredicate<JavaClass> LAB = resideInAnyPackage(LAB_PACKAGES).as("the lab");

    /**
     * The lab commands of cli, which live in the lab module: demo, bench, eval and simulate,
     * SimulateCommand's progress printer (it implements the simulator's progress callback) and LabMain, the
     * lab jar's entry point that names them beside the production commands. Named one by one so a new
     * production command cannot reach into the lab unnoticed.
     */
    private static final List<String> LAB_COMMANDS = List.of("BenchCommand", "DemoCommand", "EvalCommand", "SimulateCommand",
            "ProgressLine", "LabMain");

    private static final DescribedPredicate<JavaClass> LAB_COMMAND = DescribedPredicate.describe(
            "a lab command of cli " + LAB_COMMANDS, c -> c.getPackageName().equals("io.surprisal.cli")
                    && LAB_COMMANDS.contains(topLevel(c).getSimpleName()));

    /** The detector module's classes: where Main was loaded from (its target/classes, or its jar). */
    private static final DescribedPredicate<JavaClass> IN_DETECTOR_MODULE = inModuleOf(Main.class, "the detector module");

    /** The lab module's classes: where LabMain was loaded from. */
    private static final DescribedPredicate<JavaClass> IN_LAB_MODULE = inModuleOf(LabMain.class, "the lab module");

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

    // ---- The modules: detector is production, lab is the lab and its commands, on top of detector.

    @ArchTest
    static final ArchRule theLabAndItsCommandsLiveInTheLabModule = classes().that(LAB.or(LAB_COMMAND))
            .should(be(IN_LAB_MODULE))
            .because("the lab module carries the lab's libraries (the broker, Scala, Random Cut Forest), the detector module does not");

    @ArchTest
    static final ArchRule productionLivesInTheDetectorModule = classes().that(not(LAB.or(LAB_COMMAND)))
            .should(be(IN_DETECTOR_MODULE))
            .because("what run and train need ships in surprisal-detector.jar, from which the Docker image is built");

    @ArchTest
    static final ArchRule theDetectorModuleNeverImportsTheLabModule = noClasses().that(IN_DETECTOR_MODULE)
            .should().dependOnClassesThat(IN_LAB_MODULE)
            .because("the lab module depends on the detector module, never the reverse");

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

    /** Classes loaded from where {@code anchor} was: one module's target/classes directory or jar. */
    private static DescribedPredicate<JavaClass> inModuleOf(Class<?> anchor, String description) {
        Path location = pathOf(URI.create(anchor.getProtectionDomain().getCodeSource().getLocation().toString()));
        return DescribedPredicate.describe(description, c -> c.getSource()
                .map(source -> pathOf(source.getUri()).startsWith(location)).orElse(false));
    }

    /** The file or directory a class URI points into: a jar's path for jar:file:...!/..., the file's own otherwise. */
    private static Path pathOf(URI uri) {
        String text = uri.toString();
        if (text.startsWith("jar:")) {
            text = text.substring("jar:".length(), text.indexOf("!/"));
        }
        return Path.of(URI.create(text)).toAbsolutePath().normalize();
    }

    /**
     * ArchUnit's DoNotIncludeTests, and also the detector's test jar (surprisal-detector-tests.jar, its test
     * helpers that the lab's tests share), which that option does not recognise.
     */
    static final class DoNotIncludeTestsOrTestJars implements ImportOption {
        private static final ImportOption TESTS = new ImportOption.DoNotIncludeTests();
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return TESTS.includes(location) && !location.matches(TEST_JAR);
        }
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
