package io.surprisal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry (in-memory storage) on a free loopback port, for the avro and protobuf ITs: the runnable jar
 * that {@code registry/pom.xml} builds from Apicurio's Maven Central artifacts
 * ({@code mvn -B -f registry/pom.xml package}; {@code .ci/run} does it before the tests).
 */
final class ApicurioRegistry implements AutoCloseable {
    /** Where registry/pom.xml puts the runnable jar; {@code -Dsurprisal.registry.jar} names another. */
    static final Path JAR = Path.of(System.getProperty("surprisal.registry.jar",
            "registry/target/surprisal-test-registry-1-runner.jar"));

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The Confluent-compatible API: what {@code input.registryUrl} names. */
    final String url;

    private ApicurioRegistry(Process process, Path log, String url) {
        this.process = process;
        this.log = log;
        this.url = url;
    }

    /** Starts the registry and returns once its API answers (or fails with the tail of its log). */
    static ApicurioRegistry start(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("registry.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx384m", "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistry r = new ApicurioRegistry(p, log, "http://127.0.0.1:" + port + "/apis/ccompat/v7");
        try {
            // Readiness: the API answers. Quarkus starts it in about 6 s on the shared 2 cores.
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(r::ready);
        } catch (RuntimeException e) {
            r.close();
            throw new IllegalStateException("the registry did not start: " + tail(log), e);
        }
        return r;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the registry exited with " + process.exitValue());
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/subjects")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Registers {@code schema} under {@code subject} with the Confluent API and returns its id. */
    int register(String subject, Schema schema) throws Exception {
        return register(subject, Map.of("schema", schema.toString()));
    }

    /** Registers the .proto text {@code proto} under {@code subject} (schemaType PROTOBUF) and returns its id. */
    int registerProto(String subject, String proto) throws Exception {
        return register(subject, Map.of("schema", proto, "schemaType", "PROTOBUF"));
    }

    private int register(String subject, Map<String, String> request) throws Exception {
        byte[] body = JsonRecordParser.JSON.writeValueAsBytes(request);
        HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IllegalStateException("registering " + subject + ": HTTP " + resp.statusCode() + " " + new String(resp.body()));
        }
        JsonNode id = JsonRecordParser.JSON.readTree(resp.body()).get("id");
        return id.asInt();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
