package dev.litestage.search.strategy;

import dev.litestage.search.Strategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialResult;
import java.util.Comparator;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ParetoStrategyTest {

    private static final SearchConfig CONFIG = SearchConfig.builder().strategy("nsga2").epsilon(0.05).kmax(6)
            .population(12).generations(12).seed(3).build();

    private static SearchOutcome run(SearchConfig config, SyntheticPipeline pipeline) {
        return LayerAllocationSearch.run(config, pipeline.stageNames(), pipeline.importance(), TrialCache.of(pipeline));
    }

    @Test
    void frontIsNonDominatedAndTheChoiceIsItsFastestFeasibleMember() {
        SearchOutcome outcome = run(CONFIG, SyntheticPipeline.randomCase(4));
        assertEquals(Strategy.PARETO, outcome.strategy());
        assertTrue(outcome.front().size() >= 2, "front: " + outcome.front().size());
        for (TrialResult a : outcome.front()) {
            assertTrue(outcome.trials().contains(a));
            for (TrialResult b : outcome.front()) {
                assertFalse(a.dominates(b), a.key() + " dominates " + b.key());
            }
        }
        TrialResult fastestFeasible = outcome.front().stream().filter(t -> t.meets(outcome.targetAccuracy()))
                .min(Comparator.comparingDouble(TrialResult::latencyMs)).orElseThrow();
        assertEquals(fastestFeasible, outcome.chosen());
        assertTrue(outcome.chosen().latencyMs() < outcome.fullModel().latencyMs());
    }

    @Test
    void sameSeedGivesTheSameFrontAndBudgetHolds() {
        SyntheticPipeline first = SyntheticPipeline.randomCase(4);
        SyntheticPipeline second = SyntheticPipeline.randomCase(4);
        SearchOutcome a = run(CONFIG, first);
        SearchOutcome b = run(CONFIG, second);
        assertEquals(first.calls(), second.calls());
        assertEquals(a.front().stream().map(TrialResult::key).toList(),
                b.front().stream().map(TrialResult::key).toList());
        assertEquals(a.chosen().key(), b.chosen().key());
        assertEquals(first.calls().size(), new HashSet<>(first.calls()).size());

        SyntheticPipeline budgeted = SyntheticPipeline.randomCase(4);
        SearchOutcome capped = run(CONFIG.toBuilder().maxEvaluations(15).build(), budgeted);
        assertEquals(15, budgeted.calls().size());
        assertEquals(15, capped.evaluations());
        assertTrue(capped.chosen().meets(capped.targetAccuracy()));
    }
}
