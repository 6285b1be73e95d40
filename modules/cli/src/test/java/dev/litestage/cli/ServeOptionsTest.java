package dev.litestage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** serve and loadtest name the offending flag of a bad number, before any model is loaded. */
class ServeOptionsTest {

    @Test
    void eachBadNumberIsRefusedNamingItsFlag() {
        String[][] serve = {{"--max-batch", "0"}, {"--max-outstanding", "-1"}, {"--workers", "0"}, {"--idle-timeout-ms", "0"}};
        for (String[] bad : serve) {
            GenerateCommandTest.Run r = GenerateCommandTest.run("serve", "--model", "no-such-model", "--profile", "no-such.json",
                    bad[0], bad[1]);
            assertEquals(Main.BAD_INPUT, r.exit(), r.err());
            assertTrue(r.err().contains(bad[0] + " must be >= ") && r.err().contains("was " + bad[1]), r.err());
        }
        String[][] load = {{"--clients", "0"}, {"--requests", "0"}, {"--serial", "0"}, {"--stalled", "-2"},
                {"--stall-seconds", "-1"}};
        for (String[] bad : load) {
            GenerateCommandTest.Run r = GenerateCommandTest.run("loadtest", "../../experiments/reference-litestage.yaml",
                    bad[0], bad[1]);
            assertEquals(Main.BAD_INPUT, r.exit(), r.err());
            assertTrue(r.err().contains(bad[0] + " must be >= "), r.err());
        }
    }
}
