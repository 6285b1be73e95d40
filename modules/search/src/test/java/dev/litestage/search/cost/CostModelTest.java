package dev.litestage.search.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.litestage.model.SkipMask;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.search.FakeLanguageModel;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.LatencyMeasurement;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

    private static final PhaseCost CALL = PhaseCost.of(0.4, 0.3, 0.2);
    private static final PhaseCost PREFILL = PhaseCost.of(0.05, 0.02, 0.03);
    private static final PhaseCost DECODE = PhaseCost.of(1.5, 0.4, 0.7);

    @Test
    void stageLatencyIsCallsAndTokensTimesTheCostOfTheSublayersThatRun() {
        CostModel model = CostModel.of(4, CALL, PREFILL, DECODE);
        SkipMask mask = SkipMask.parse("attn:1,2;mlp:3", 4);
        double perCall = 0.4 + 0.3 * 2 + 0.2 * 3;
        double prefillPerToken = 0.05 + 0.02 * 2 + 0.03 * 3;
        double decodePerToken = 1.5 + 0.4 * 2 + 0.7 * 3;
        assertEquals(4 * perCall + 100 * prefillPerToken + 30 * decodePerToken, model.stageLatencyMs(mask, 4, 100, 30),
                1e-9);
        assertEquals(0, model.stageLatencyMs(SkipMask.none(4), 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> model.stageLatencyMs(SkipMask.none(5), 1, 1, 1));
    }

    @Test
    void estimateReplacesMeasuredLatenciesAndKeepsTokensAndAccuracy() {
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        TrialConfig config = TrialConfig.parse("recall=attn:3|analyze=mlp:3;attn:3|summarize=none|ee=off", 4);
        TrialResult measured = pipeline.evaluate(config);
        CostModel other = CostModel.of(4, CALL, PREFILL, DECODE);
        TrialResult estimated = other.estimating(pipeline).evaluate(config);
        double sum = 0;
        for (int s = 0; s < 3; s++) {
            var m = measured.stages().get(s);
            double expected = other.stageLatencyMs(config.stages().get(s).mask(), m.prefillCalls(), m.prefillTokens(),
                    m.generatedTokens());
            assertEquals(expected, estimated.stages().get(s).latencyMs(), 1e-9);
            assertEquals(m.generatedTokens(), estimated.stages().get(s).generatedTokens());
            sum += expected;
        }
        assertEquals(sum, estimated.latencyMs(), 1e-9);
        assertEquals(measured.accuracy(), estimated.accuracy());
    }

    @Test
    void calibrationRecoversThePerSublayerCostsFromTimedGenerations() {
        FakeLanguageModel model = new FakeLanguageModel(6, ids -> new SublayerSimilarity(new double[6], new double[6], 1),
                CALL, PREFILL, DECODE);
        int[] prompt = model.tokenizer().encode("a representative calibration prompt of some words", true);
        CostModel calibrated = CostModel.calibrate(model, prompt, 20, LatencyMeasurement.of(1, 3));
        assertEquals(6, calibrated.layers());
        assertPhase(CALL, calibrated.prefillCall());
        assertPhase(PREFILL, calibrated.prefill());
        assertPhase(DECODE, calibrated.decode());
        // three masks (none, all attention, all MLP), each warmed up once and timed three times, long and short
        assertEquals(24, model.generateCalls().size());
        assertEquals(List.of("none", "attn:0,1,2,3,4,5", "mlp:0,1,2,3,4,5"),
                model.generateCalls().stream().map(SkipMask::toSpec).distinct().toList());
    }

    private static void assertPhase(PhaseCost expected, PhaseCost actual) {
        assertEquals(expected.fixedMs(), actual.fixedMs(), 1e-4);
        assertEquals(expected.attentionMs(), actual.attentionMs(), 1e-4);
        assertEquals(expected.mlpMs(), actual.mlpMs(), 1e-4);
    }

    @Test
    void negativeCostsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PhaseCost.of(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PhaseCost.of(0, Double.NaN, 0));
    }
}
