package dev.litestage.search.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.reasoning.EarlyExit;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.TrialBudget;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyStrategyTest {

    private static final SearchConfig CONFIG = SearchConfig.builder().strategy("greedy").epsilon(0.05).kmax(4).build();

    private final SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
    private final SearchSpace space = SearchSpace.of(CONFIG, pipeline.stageNames(), pipeline.importance());

    @Test
    void visitsStagesSlowestFirstAndMeasuresEveryBudget() {
        SearchOutcome outcome = LayerAllocationSearch.run(CONFIG, space, TrialCache.of(pipeline));

        // pipeline order is recall, analyze, summarize; full-model latency ranks analyze > recall > summarize
        TrialBudget budget = new TrialBudget(SyntheticPipeline.greedyCase(0, null), 1);
        TrialResult full = budget.evaluate(space.fullModel()).orElseThrow();
        assertEquals(List.of("analyze", "recall", "summarize"),
                GreedyStrategy.stageOrder(new SearchRun(space, CONFIG, budget, full)));

        List<String> expected = new ArrayList<>();
        expected.add(space.fullModel().key());
        for (int k = 1; k <= 4; k++) {
            expected.add(space.budgets(0, k, 0).key());
        }
        for (int k = 1; k <= 4; k++) {
            expected.add(space.budgets(k, 3, 0).key());
        }
        for (int k = 1; k <= 4; k++) {
            expected.add(space.budgets(2, 3, k).key());
        }
        // k = 0 of each stage is the configuration reached so far: measured once, answered by the cache
        assertEquals(expected, pipeline.calls());
        assertEquals(13, outcome.evaluations());
    }

    @Test
    void announcesTheFullModelThenEachStageInVisitingOrder() {
        List<String> phases = new ArrayList<>();
        List<Integer> callsAtPhaseStart = new ArrayList<>();
        LayerAllocationSearch.run(CONFIG, space, TrialCache.of(pipeline), (phase, expected) -> {
            phases.add(phase + "/" + expected);
            callsAtPhaseStart.add(pipeline.calls().size());
        });

        assertEquals(List.of("full model/1", "stage analyze/5", "stage recall/5", "stage summarize/5"), phases);
        // each phase is announced before its trials run: 1 full-model trial, then 4 new trials per stage
        assertEquals(List.of(0, 1, 5, 9), callsAtPhaseStart);
    }

    @Test
    void aTargetConfidenceKeepsOnlyTrialsWhoseLowerBoundReachesTheTarget() {
        SearchOutcome byPoint = LayerAllocationSearch.run(CONFIG, space, TrialCache.of(pipeline));
        SearchConfig guarded = CONFIG.toBuilder().targetConfidence(0.9).build();
        SearchOutcome byBound = LayerAllocationSearch.run(guarded,
                SearchSpace.of(guarded, pipeline.stageNames(), pipeline.importance()),
                TrialCache.of(SyntheticPipeline.greedyCase(0, null)));

        double target = byBound.targetAccuracy();
        TrialResult chosen = byBound.chosen();
        assertTrue(dev.litestage.search.WilsonScore.lowerBound(chosen.accuracy(), chosen.questions(), 0.9) >= target,
                "the chosen trial's bound reaches the target");
        // the point rule's choice sits closer to the target than the bound allows over 200 questions
        TrialResult pointChoice = byPoint.chosen();
        assertTrue(pointChoice.meets(target));
        assertTrue(dev.litestage.search.WilsonScore.lowerBound(pointChoice.accuracy(), pointChoice.questions(), 0.9) < target,
                "the point rule's choice " + pointChoice.key() + " at " + pointChoice.accuracy() + " is not certified");
        assertTrue(chosen.accuracy() > pointChoice.accuracy() && chosen.latencyMs() > pointChoice.latencyMs(),
                "the guarded choice gives up speed for accuracy: " + chosen.key());
        // and it is the fastest trial of its run whose bound reaches the target
        for (TrialResult t : byBound.trials()) {
            if (dev.litestage.search.WilsonScore.lowerBound(t.accuracy(), t.questions(), 0.9) >= target) {
                assertTrue(t.latencyMs() >= chosen.latencyMs() - 1e-9, t.key() + " is faster and certified");
            }
        }
    }

    @Test
    void choosesTheFastestFeasibleBudgetAlthoughLatencyIsNotMonotonic() {
        SearchOutcome outcome = LayerAllocationSearch.run(CONFIG, space, TrialCache.of(pipeline));

        double k1 = latency(outcome, space.budgets(0, 1, 0));
        double k2 = latency(outcome, space.budgets(0, 2, 0));
        double k3 = latency(outcome, space.budgets(0, 3, 0));
        assertTrue(k2 > k1 && k3 < k1, "the case must be non-monotonic: k1=" + k1 + " k2=" + k2 + " k3=" + k3);
        TrialResult k4 = trial(outcome, space.budgets(0, 4, 0));
        assertTrue(k4.accuracy() < outcome.targetAccuracy(), "k = 4 misses the target");

        // a search stopping at the first k that got slower would keep analyze at 1
        assertEquals(space.budgets(2, 3, 1), outcome.chosenConfig());
        assertEquals(0.75, outcome.targetAccuracy(), 1e-12);
        assertTrue(outcome.chosen().meets(outcome.targetAccuracy()));
        for (TrialResult t : outcome.trials()) {
            if (t.meets(outcome.targetAccuracy())) {
                assertTrue(t.latencyMs() >= outcome.chosen().latencyMs(), t.key() + " is faster than the choice");
            }
        }
        assertTrue(outcome.estimatedSpeedup() > 1);
    }

    @Test
    void stopsWithTheBestReachedWhenTheBudgetRunsOut() {
        SearchConfig budgeted = CONFIG.toBuilder().maxEvaluations(7).build();
        SearchOutcome outcome = LayerAllocationSearch.run(budgeted, space, TrialCache.of(pipeline));
        assertEquals(7, pipeline.calls().size());
        assertEquals(7, outcome.evaluations());
        // analyze swept fully (k = 3), recall reached k = 2 before the budget ran out
        assertEquals(space.budgets(2, 3, 0), outcome.chosenConfig());
    }

    @Test
    void aTargetNothingButTheFullModelMeetsKeepsTheFullModel() {
        SearchConfig strict = CONFIG.toBuilder().epsilon(0).build();
        SearchOutcome outcome = LayerAllocationSearch.run(strict, space, TrialCache.of(pipeline));
        assertEquals(space.fullModel(), outcome.chosenConfig());
        assertEquals(outcome.fullModel(), outcome.chosen());
    }

    private static TrialResult trial(SearchOutcome outcome, TrialConfig config) {
        return outcome.trials().stream().filter(t -> t.config().equals(config)).findFirst().orElseThrow();
    }

    private static double latency(SearchOutcome outcome, TrialConfig config) {
        return trial(outcome, config).latencyMs();
    }

    @Test
    void tunesEachStagesEarlyExitAfterItsBudgetAndKeepsItWhereItIsFasterAndFeasible() {
        EarlyExit exit = EarlyExit.of(3, 0.5);
        SearchConfig tuned = CONFIG.toBuilder().earlyExitCandidates(List.of(EarlyExit.OFF, exit)).build();
        SyntheticPipeline fresh = SyntheticPipeline.greedyCase(0, null);
        SearchSpace tunedSpace = SearchSpace.of(tuned, fresh.stageNames(), fresh.importance());
        List<String> phases = new ArrayList<>();
        SearchOutcome outcome = LayerAllocationSearch.run(tuned, tunedSpace, TrialCache.of(fresh),
                (phase, expected) -> phases.add(phase + "/" + expected));

        assertEquals(List.of("full model/1", "stage analyze/5", "early exit analyze/2", "stage recall/5",
                "early exit recall/2", "stage summarize/5", "early exit summarize/2"), phases);
        // the synthetic exit cuts 20% of a stage's tokens for 0.005 accuracy: faster, and within
        // epsilon at the first stage tuned, so the chosen configuration keeps it there
        TrialConfig chosen = TrialConfig.parse(outcome.chosen().key(), 4);
        assertEquals(exit, chosen.stage("analyze").earlyExit());
        SearchOutcome untuned = LayerAllocationSearch.run(CONFIG, space, TrialCache.of(pipeline));
        assertTrue(outcome.chosen().latencyMs() < untuned.chosen().latencyMs(),
                "tuning the exit finds a faster feasible configuration than budgets alone");
        assertTrue(outcome.chosen().meets(outcome.targetAccuracy()));
        // each stage's exit is measured with its mask fixed: one extra trial per stage for the one
        // non-off candidate (off is the configuration reached, answered by the cache)
        assertEquals(untuned.evaluations() + 3, outcome.evaluations());
    }
}
