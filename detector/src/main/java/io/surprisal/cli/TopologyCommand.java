package io.surprisal.cli;

import io.surprisal.document.ModelDocument;
import io.surprisal.stream.DetectorEvents;
import io.surprisal.stream.DetectorTopology;
import io.surprisal.stream.TopologySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code surprisal topology}: print the Kafka Streams topology a spec renders to. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the Kafka Streams topology description of a deployment spec.")
public final class TopologyCommand implements Callable<Integer> {

    @Option(names = "--topology", required = true, description = "A spec under topologies/, e.g. topologies/demo.yaml.")
    Path topology;

    @Override
    public Integer call() throws Exception {
        System.out.print(render(TopologySpec.read(topology)));
        return 0;
    }

    public static String render(TopologySpec spec) {
        return DetectorTopology.build(spec, DetectorEvents.NONE, ModelDocument.generic()).describe().toString();
    }
}
