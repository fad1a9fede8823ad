package io.surprisal.stream;

import io.surprisal.model.Model;
import io.surprisal.document.ModelDocument;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.surprisal.stream.DetectorTopologyTest.T0;
import static io.surprisal.stream.DetectorTopologyTest.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the models topic may change: key = name, versions only up, signatures when a key is configured. */
class ModelTrustTest {
    final Model generic = ModelDocument.generic();
    final List<String> rejected = new ArrayList<>();
    final List<String> swapped = new ArrayList<>();
    final DetectorEvents events = new DetectorEvents() {
        @Override
        public void modelRejected(String reason) {
            rejected.add(reason);
        }

        @Override
        public void modelSwapped(Model model) {
            swapped.add(model.version());
        }
    };

    @TempDir
    Path stateDir;

    Model version(String name, String v) {
        return new Model(name, v, generic.layout(), generic.weights(), generic.features(), generic.normalization(), null);
    }

    /** The version the next score names, after the tasks looked at the store. */
    static String served(TopologyTestDriver d, RecordFailuresTest.Topics t, long ts) {
        d.advanceWallClockTime(Duration.ofSeconds(2));
        t.in().pipeInput(null, point("a", ts, 1.0));
        String score = new String(t.scores().readValue(), StandardCharsets.UTF_8);
        int at = score.indexOf("\"model\":\"") + 9;
        return score.substring(at, score.indexOf('"', at));
    }

    @Test
    void keyMustBeTheNameAndVersionsOnlyIncrease() throws Exception {
        TopologySpec spec = TopologySpec.parse("applicationId: trust1\n");
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, events, generic),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var t = RecordFailuresTest.topics(d);
            TestInputTopic<String, byte[]> models = d.createInputTopic("surprisal-models", new StringSerializer(), new ByteArraySerializer());
            models.pipeInput("generic", ModelDocument.write(version("generic", "v2")));
            assertEquals("v2", served(d, t, T0));
            models.pipeInput("generic", ModelDocument.write(version("other", "v3")));
            assertEquals("v2", served(d, t, T0 + 60_000));
            models.pipeInput("generic", ModelDocument.write(version("generic", "v1")));
            assertEquals("v2", served(d, t, T0 + 120_000));
            models.pipeInput("generic", ModelDocument.write(version("generic", "v2")));  // the same again: no rejection
            models.pipeInput("generic", ModelDocument.write(version("generic", "v10")));
            assertEquals("v10", served(d, t, T0 + 180_000));
            assertEquals(List.of("name-mismatch", "stale-version"), rejected);
            assertEquals(List.of("v2", "v10"), swapped, "each swap counted once, by the instance");
        }
    }

    @Test
    void withAVerifyKeyOnlyDocumentsSignedWithItAreServed() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        KeyPair trusted = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(trusted.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        TopologySpec spec = TopologySpec.parse("applicationId: trust2\nmodels:\n  verifyKey: |\n"
                + pem.lines().map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n"));
        try (TopologyTestDriver d = new TopologyTestDriver(DetectorTopology.build(spec, events, generic),
                DetectorTopology.properties(spec, "dummy:9092", stateDir, Map.of()))) {
            var t = RecordFailuresTest.topics(d);
            TestInputTopic<String, byte[]> models = d.createInputTopic("surprisal-models", new StringSerializer(), new ByteArraySerializer());
            byte[] v2 = ModelDocument.write(version("generic", "v2"));
            models.pipeInput("generic", v2);
            RecordHeaders wrong = new RecordHeaders();
            wrong.add(ModelSignatures.HEADER, ModelSignatures.sign(other.getPrivate(), v2));
            models.pipeInput(new TestRecord<>("generic", v2, wrong));
            assertEquals(generic.version(), served(d, t, T0));
            RecordHeaders signed = new RecordHeaders();
            signed.add(ModelSignatures.HEADER, ModelSignatures.sign(trusted.getPrivate(), v2));
            models.pipeInput(new TestRecord<>("generic", v2, signed));
            assertEquals("v2", served(d, t, T0 + 60_000));
            assertEquals(List.of("signature", "signature"), rejected);
        }
    }

    @Test
    void versionsCompareTheirNumbersAsNumbers() {
        assertTrue(ModelVersions.compare("v9", "v10") < 0);
        assertTrue(ModelVersions.compare("generic-20261202T140000Z", "generic-20261203T000000Z") < 0);
        assertTrue(ModelVersions.compare("v2", "v2") == 0);
        assertTrue(ModelVersions.compare("v2.1", "v2") > 0);
    }

    @Test
    void aBadSigningKeyIsRefusedWhenTheSpecIsRead() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> TopologySpec.parse("applicationId: trust3\nmodels:\n  verifyKey: bm90IGEga2V5\n"));
        assertTrue(String.valueOf(e.getMessage()).contains("verifyKey"), e.getMessage());
    }
}
