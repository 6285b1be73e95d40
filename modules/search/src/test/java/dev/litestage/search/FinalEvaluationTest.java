package dev.litestage.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalEvaluationTest {

    @Test
    void choiceMadeOnDevIsMeasuredOnTestWithInterleavedTiming() {
        SyntheticPipeline dev = SyntheticPipeline.greedyCase(0, null);
        SearchOutcome outcome = LayerAllocationSearch.run(SearchConfig.builder().epsilon(0.05).kmax(4).build(),
                dev.stageNames(), dev.importance(), TrialCache.of(dev));

        // the "test split": the same pipeline whose runs take wall time proportional to their latency
        SyntheticPipeline testPipeline = SyntheticPipeline.greedyCase(0, null);
        List<String> calls = new ArrayList<>();
        TrialEvaluator test = config -> {
            TrialResult r = testPipeline.evaluate(config);
            calls.add(config.key());
            try {
                Thread.sleep(Math.round(r.latencyMs() / 20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return r;
        };

        FinalEvaluation result = FinalEvaluation.measure(outcome, test, 3);

        assertEquals(outcome.fullModel().key(), result.fullModel().key());
        assertEquals(outcome.chosen().key(), result.chosen().key());
        // three timed rounds of one run each, alternating which goes first; nothing answered from a cache
        assertEquals(List.of(outcome.fullModel().key(), outcome.chosen().key(), outcome.chosen().key(),
                outcome.fullModel().key(), outcome.fullModel().key(), outcome.chosen().key()), calls);
        assertEquals(3, result.speedup().fullMs().size());
        double expected = outcome.fullModel().latencyMs() / outcome.chosen().latencyMs();
        assertTrue(result.speedup().speedup() > 1 + (expected - 1) / 3,
                "measured " + result.speedup().speedup() + ", expected about " + expected);
        assertEquals(result.fullModel().accuracy() - result.chosen().accuracy(), result.accuracyLoss(), 1e-12);
    }
}
