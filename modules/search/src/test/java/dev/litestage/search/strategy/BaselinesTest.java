package dev.litestage.search.strategy;

import dev.litestage.search.Strategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.search.BudgetRanking;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {

    private final SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);

    private SearchSpace space(SearchConfig config) {
        return SearchSpace.of(config, pipeline.stageNames(), pipeline.importance());
    }

    @Test
    void uniformMasksAreEvenlySpacedOverDepthIgnoringImportance() {
        SearchSpace space = space(SearchConfig.builder().kmax(8).build());
        // 8 sublayers in execution order attn:0, mlp:0, attn:1, ...; the i-th pick is floor((2i+1)*8/(2k))
        assertEquals(SkipMask.none(4), space.uniformMask(0));
        assertEquals(SkipMask.parse("attn:2", 4), space.uniformMask(1));
        assertEquals(SkipMask.parse("attn:1,3", 4), space.uniformMask(2));
        assertEquals(SkipMask.parse("attn:2,3;mlp:0", 4), space.uniformMask(3));
        assertEquals(SkipMask.parse("mlp:0,1,2,3", 4), space.uniformMask(4));
        assertEquals(SkipMask.parse("attn:0-3;mlp:0-3", 4), space.uniformMask(8));
    }

    @Test
    void adaSkipMasksAreTheGlobalTopNByAccumulatedImportance() {
        SearchSpace space = space(SearchConfig.builder().kmax(8).build());
        List<Sublayer> accumulated = pipeline.importance().ranking();
        for (int n = 0; n <= 8; n++) {
            assertEquals(SkipMask.of(4, accumulated.subList(0, n)), space.globalTopMask(n));
        }
        // accumulated sensitivities: attn:3 0.008, mlp:3 0.012, attn:2 0.0197, mlp:2 0.0433, ...
        assertEquals(List.of(Sublayer.attention(3), Sublayer.mlp(3), Sublayer.attention(2), Sublayer.mlp(2)),
                accumulated.subList(0, 4));
    }

    @Test
    void budgetsDrawFromTheStageOrTheAccumulatedRanking() {
        SearchSpace perStage = space(SearchConfig.builder().kmax(4).build());
        assertEquals(SkipMask.parse("attn:3;mlp:3", 4), perStage.budgetMask("analyze", 2));
        assertEquals(SkipMask.parse("attn:2,3;mlp:3", 4), perStage.budgetMask("analyze", 3));
        SearchSpace accumulated = space(SearchConfig.builder().kmax(4).ranking(BudgetRanking.ACCUMULATED).build());
        assertEquals(accumulated.globalTopMask(3), accumulated.budgetMask("analyze", 3));
        assertEquals(accumulated.globalTopMask(3), accumulated.budgetMask("recall", 3));
    }

    @Test
    void uniformSweepEvaluatesTheSharedMaskForEveryKAndKeepsTheFastestFeasible() {
        SearchConfig config = SearchConfig.builder().strategy("uniform").epsilon(0.2).kmax(4).build();
        SearchSpace space = space(config);
        SearchOutcome outcome = LayerAllocationSearch.run(config, space, TrialCache.of(pipeline));
        List<String> expected = new ArrayList<>();
        expected.add(space.fullModel().key());
        for (int k = 1; k <= 4; k++) {
            expected.add(space.shared(space.uniformMask(k)).key());
        }
        assertEquals(expected, pipeline.calls());
        assertEquals(Strategy.UNIFORM, outcome.strategy());
        assertEquals(fastestFeasible(outcome), outcome.chosen());
    }

    @Test
    void adaSkipSweepRunsTheSameGlobalTopNInEveryStage() {
        SearchConfig config = SearchConfig.builder().strategy("adaskip").epsilon(0.1).kmax(4).build();
        SearchSpace space = space(config);
        SearchOutcome outcome = LayerAllocationSearch.run(config, space, TrialCache.of(pipeline));
        assertEquals(5, outcome.evaluations());
        for (int k = 1; k <= 4; k++) {
            assertTrue(pipeline.calls().contains(space.shared(space.globalTopMask(k)).key()));
        }
        assertEquals(fastestFeasible(outcome), outcome.chosen());
        SkipMask chosenMask = outcome.chosenConfig().stages().get(0).mask();
        assertTrue(outcome.chosenConfig().stages().stream().allMatch(s -> s.mask().equals(chosenMask)));
        assertTrue(outcome.chosen().meets(outcome.targetAccuracy()));
    }

    @Test
    void noSkippingBaselineIsTheFullModelOrTheEarlyExitOnlyProfile() {
        SearchConfig off = SearchConfig.builder().strategy("none").build();
        SearchOutcome full = LayerAllocationSearch.run(off, space(off), TrialCache.of(pipeline));
        assertEquals(1, full.evaluations());
        assertEquals(full.fullModel(), full.chosen());

        SearchConfig earlyExit = off.toBuilder().earlyExit(EarlyExit.of(4, 0.3)).build();
        SearchOutcome withExit = LayerAllocationSearch.run(earlyExit, space(earlyExit),
                TrialCache.of(SyntheticPipeline.greedyCase(0, null)));
        assertEquals(2, withExit.evaluations());
        assertTrue(withExit.chosenConfig().stages().stream()
                .allMatch(s -> s.mask().isEmpty() && s.earlyExit().enabled()));
    }

    private static TrialResult fastestFeasible(SearchOutcome outcome) {
        return outcome.trials().stream().filter(t -> t.meets(outcome.targetAccuracy()))
                .min(Comparator.comparingDouble(TrialResult::latencyMs)).orElseThrow();
    }
}
