package io.surprisal.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real schema registry (Apicurio Registry, from the jar registry/pom.xml builds) for the test class that
 * registers this as a static field: started before its tests, stopped after them. Without the jar each test
 * is skipped with the reason, except where .ci/run built it (SURPRISAL_REQUIRE_TOOLS=true, the rule of
 * ExternalCommand.requireOnPath): there a missing registry fails, so CI cannot pass without running them.
 */
final class RegistryExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private ApicurioRegistry registry;
    private Path dir;

    /** The running registry; only inside a test, which the extension skips when there is none. */
    ApicurioRegistry get() {
        return registry;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Files.isRegularFile(ApicurioRegistry.JAR)) {
            dir = Files.createTempDirectory("surprisal-registry");
            registry = ApicurioRegistry.start(dir);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Per test, not in beforeAll: so each shows as skipped with this reason instead of vanishing from the count.
        if (registry == null) {
            String reason = "no schema registry jar at " + ApicurioRegistry.JAR + ": build it with mvn -B -f registry/pom.xml package";
            Assertions.assertNotEquals("true", System.getenv("SURPRISAL_REQUIRE_TOOLS"), reason);
            Assumptions.abort("skipped: " + reason);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (registry != null) {
            registry.close();
            registry = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
