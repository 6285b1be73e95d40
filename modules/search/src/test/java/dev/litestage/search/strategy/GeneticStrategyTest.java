package dev.litestage.search.strategy;

import dev.litestage.search.Strategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.Genome;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialResult;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneticStrategyTest {

    private static final SearchConfig CONFIG = SearchConfig.builder().strategy("genetic").epsilon(0.05).kmax(6)
            .population(10).generations(15).seed(11).build();

    private static SearchOutcome run(SearchConfig config, SyntheticPipeline pipeline) {
        return LayerAllocationSearch.run(config, pipeline.stageNames(), pipeline.importance(), TrialCache.of(pipeline));
    }

    @Test
    void sameSeedGivesTheSameSearch() {
        SyntheticPipeline first = SyntheticPipeline.randomCase(3);
        SyntheticPipeline second = SyntheticPipeline.randomCase(3);
        SearchOutcome a = run(CONFIG, first);
        SearchOutcome b = run(CONFIG, second);
        assertEquals(first.calls(), second.calls());
        assertEquals(a.chosen().key(), b.chosen().key());
        assertEquals(a.trials().stream().map(TrialResult::key).toList(), b.trials().stream().map(TrialResult::key).toList());
    }

    @Test
    void choiceMeetsTheTargetAndIsTheFastestFeasibleTrial() {
        SearchOutcome outcome = run(CONFIG, SyntheticPipeline.randomCase(3));
        assertEquals(Strategy.GENETIC, outcome.strategy());
        assertTrue(outcome.chosen().meets(outcome.targetAccuracy()));
        assertTrue(outcome.chosen().latencyMs() < outcome.fullModel().latencyMs(), "the search found a faster profile");
        for (TrialResult t : outcome.trials()) {
            if (t.meets(outcome.targetAccuracy())) {
                assertTrue(t.latencyMs() >= outcome.chosen().latencyMs());
            }
        }
    }

    @Test
    void identicalConfigurationsAreEvaluatedOnceAndTheBudgetHolds() {
        SyntheticPipeline pipeline = SyntheticPipeline.randomCase(5);
        SearchOutcome unlimited = run(CONFIG, pipeline);
        List<String> calls = pipeline.calls();
        assertEquals(calls.size(), new HashSet<>(calls).size(), "no configuration was evaluated twice");
        assertEquals(calls.size(), unlimited.evaluations());
        // 10 individuals over 15 generations ask for far more fitness values than there were trials
        assertTrue(calls.size() < CONFIG.population() * CONFIG.generations(), "evaluations: " + calls.size());

        SyntheticPipeline budgeted = SyntheticPipeline.randomCase(5);
        SearchOutcome capped = run(CONFIG.toBuilder().maxEvaluations(20).build(), budgeted);
        assertEquals(20, budgeted.calls().size());
        assertEquals(20, capped.evaluations());
        assertTrue(capped.chosen().meets(capped.targetAccuracy()));
    }

    @Test
    void freeMaskGenomeStaysWithinKmaxAndMeetsTheTarget() {
        SearchConfig masks = CONFIG.toBuilder().genome(Genome.MASKS).kmax(3).seed(5).build();
        SyntheticPipeline first = SyntheticPipeline.randomCase(9);
        SearchOutcome outcome = run(masks, first);
        assertTrue(outcome.evaluations() > 10);
        for (TrialResult t : outcome.trials()) {
            assertTrue(t.config().stages().stream().allMatch(s -> s.mask().skippedCount() <= 3), t.key());
        }
        assertTrue(outcome.chosen().meets(outcome.targetAccuracy()));
        SyntheticPipeline second = SyntheticPipeline.randomCase(9);
        run(masks, second);
        assertEquals(first.calls(), second.calls());
    }
}
