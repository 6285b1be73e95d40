package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyMeasurementTest {

    private static final TrialConfig CONFIG = TrialConfig.parse("recall=none|analyze=mlp:1|ee=off", 4);

    /** Answers with the next programmed (recall, analyze) latencies on each call. */
    private static TrialEvaluator programmed(double[][] latencies, List<Integer> calls) {
        return config -> {
            double[] l = latencies[calls.size()];
            calls.add(calls.size());
            return new TrialResult(config, 0.5, 10, List.of(
                    new StageMeasurement("recall", l[0], 10, 5, 0, 1),
                    new StageMeasurement("analyze", l[1], 20, 7, 1, 4)), l[0] + l[1], 1);
        };
    }

    @Test
    void warmupRunsAreDiscardedAndLatenciesAreMediansOfTheRepetitions() {
        List<Integer> calls = new ArrayList<>();
        double[][] latencies = {{1000, 1000}, {10, 50}, {30, 20}, {20, 40}};
        TrialResult r = LatencyMeasurement.of(1, 3).measuring(programmed(latencies, calls)).evaluate(CONFIG);
        assertEquals(4, calls.size());
        assertEquals(20, r.stage("recall").latencyMs());
        assertEquals(40, r.stage("analyze").latencyMs());
        assertEquals(60, r.latencyMs(), "median of the totals 60, 50, 60");
        assertEquals(7, r.stage("analyze").generatedTokens());
        assertEquals(0.5, r.accuracy());
        assertTrue(r.wallMs() >= 0);
    }

    @Test
    void singleIsThePlainEvaluator() {
        TrialEvaluator e = config -> null;
        assertSame(e, LatencyMeasurement.SINGLE.measuring(e));
    }

    @Test
    void medianOfEvenCountAveragesTheMiddlePair() {
        assertEquals(2.5, LatencyMeasurement.median(4, 1, 3, 2));
        assertEquals(3, LatencyMeasurement.median(5, 3, 1));
    }

    @Test
    void invalidPolicyIsRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatencyMeasurement.of(0, 0));
        assertTrue(e.getMessage().startsWith("latency.repetitions"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LatencyMeasurement.of(-1, 3));
    }
}
