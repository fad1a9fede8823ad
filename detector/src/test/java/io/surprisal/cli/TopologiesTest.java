package io.surprisal.cli;

import io.surprisal.stream.TopologySpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every spec under topologies/ has its rendered description committed beside it
 * ({@code X.yaml} → {@code X.topology.txt}); this fails when the code and the file drift apart.
 * To refresh after an intended change: {@code java -jar detector/target/surprisal-detector.jar topology --topology topologies/X.yaml > topologies/X.topology.txt}.
 */
class TopologiesTest {

    @Test
    void renderedDescriptionsMatchTheCommittedOnes() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(Path.of("topologies"))) {
            specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(specs.isEmpty(), "no specs under topologies/");
        for (Path spec : specs) {
            Path rendered = Path.of(spec.toString().replace(".yaml", ".topology.txt"));
            assertTrue(Files.exists(rendered), "missing " + rendered + ": render it with the topology command");
            assertEquals(Files.readString(rendered), TopologyCommand.render(TopologySpec.read(spec)),
                    rendered + " is stale: re-render it with `surprisal topology --topology " + spec + "`");
        }
    }

    @Test
    void theDailyProfileIsOnByDefaultAndCanBeTurnedOff() throws IOException {
        String base = Files.readString(Path.of("topologies/demo.yaml"));
        assertTrue(TopologySpec.parse(base).scoring.toConfig().dailyProfile());
        String off = base.replace("  order: strict\n", "  order: strict\n  dailyProfile: false\n");
        assertFalse(off.equals(base), "the demo spec has an order line to extend");
        assertFalse(TopologySpec.parse(off).scoring.toConfig().dailyProfile());
    }
}
