package io.surprisal.ops;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo stack's Alertmanager config passes amtool's check (amtool ships with Debian's prometheus-alertmanager). */
class AlertmanagerConfigTest {

    @Test
    void theDemoConfigPassesAmtool() throws Exception {
        ExternalCommand.requireOnPath("amtool", "apt-get install -y prometheus-alertmanager; .ci/run installs it");
        ExternalCommand.Result result = ExternalCommand.run(DashboardFiles.ROOT, "apt-get install -y prometheus-alertmanager",
                "amtool", "check-config", "alertmanager/alertmanager.yml");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }
}
