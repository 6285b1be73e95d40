package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.SyntheticPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialCacheTest {

    private static final TrialConfig A = TrialConfig.parse("recall=none|analyze=mlp:3|summarize=none|ee=off", 4);
    private static final TrialConfig B = TrialConfig.parse("recall=attn:3|analyze=none|summarize=none|ee=off", 4);

    @Test
    void identicalConfigurationsAreEvaluatedOnce() {
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        TrialCache cache = TrialCache.of(pipeline);
        TrialResult first = cache.evaluate(A);
        assertEquals(first, cache.evaluate(TrialConfig.parse(A.key(), 4)));
        cache.evaluate(B);
        cache.evaluate(A);
        assertEquals(List.of(A.key(), B.key()), pipeline.calls());
        assertEquals(2, cache.evaluations());
        assertEquals(2, cache.size());
    }

    @Test
    void budgetCountsDistinctConfigurationsAndRefusesNewOnesWhenSpent() {
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        TrialBudget budget = new TrialBudget(pipeline, 1);
        assertTrue(budget.evaluate(A).isPresent());
        assertTrue(budget.evaluate(A).isPresent(), "asking again is free");
        assertTrue(budget.exhausted());
        assertTrue(budget.evaluate(B).isEmpty());
        assertEquals(1, budget.used());
        assertEquals(List.of(A.key()), pipeline.calls());
    }

    @Test
    void anEvaluatorAnsweringAnotherConfigurationIsCaught() {
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        TrialCache cache = TrialCache.of(config -> pipeline.evaluate(B));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.evaluate(A));
        assertTrue(e.getMessage().contains("when asked for " + A.key()), e.getMessage());
    }
}
