package dev.litestage.search;

import dev.litestage.search.strategy.LayerAllocationSearch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SublayerSimilarity;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.trial.TrialEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SearchConfigTest {

    private final List<String> evaluated = new ArrayList<>();
    private final TrialEvaluator evaluator = config -> {
        evaluated.add(config.key());
        throw new AssertionError("no trial may run for an invalid configuration");
    };

    /** Importance of an 8-layer (16-sublayer) model for the given stages. */
    private static SublayerImportance importance(String... stages) {
        Map<String, SublayerSimilarity> map = new LinkedHashMap<>();
        double[] values = new double[8];
        Arrays.fill(values, 0.5);
        for (String s : stages) {
            map.put(s, new SublayerSimilarity(values, values, 10));
        }
        return new SublayerImportance(map);
    }

    private void assertRejected(String message, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
        assertTrue(evaluated.isEmpty(), "the evaluator was called");
    }

    @Test
    void kmaxBeyondTheModelIsRejectedBeforeAnyTrial() {
        SearchConfig config = SearchConfig.builder().kmax(40).build();
        assertRejected("search.kmax: 40 exceeds the model's 16 sublayers", () -> LayerAllocationSearch.run(config,
                List.of("recall", "analyze"), importance("recall", "analyze"), evaluator));
    }

    @Test
    void perStageRankingWithoutThatStagesImportanceIsRejectedBeforeAnyTrial() {
        SearchConfig config = SearchConfig.builder().kmax(4).build();
        assertRejected("search.ranking: per-stage ranking needs the importance of stage 'summarize', but it was"
                + " measured for [recall, analyze]", () -> LayerAllocationSearch.run(config,
                List.of("recall", "analyze", "summarize"), importance("recall", "analyze"), evaluator));
    }

    @Test
    void fieldsAreCheckedWithMessagesNamingThem() {
        assertRejected("search.epsilon: must be an accuracy fraction in [0, 1], was -0.1",
                () -> SearchConfig.builder().epsilon(-0.1).build());
        assertRejected("search.strategy: unknown strategy 'beam' (expected one of greedy, genetic, pareto, none,"
                + " uniform, adaskip)", () -> SearchConfig.builder().strategy("beam"));
        assertRejected("search.target_confidence: must be 0 (off) or a level in (0.5, 1), was 1.0",
                () -> SearchConfig.builder().targetConfidence(1.0).build());
        assertRejected("search.target_confidence: must be 0 (off) or a level in (0.5, 1), was 0.3",
                () -> SearchConfig.builder().targetConfidence(0.3).build());
        assertRejected("search.population: must be >= 2, was 1", () -> SearchConfig.builder().population(1).build());
        assertRejected("search.generations: must be >= 1, was 0", () -> SearchConfig.builder().generations(0).build());
        assertRejected("search.kmax: must be >= 0, was -1", () -> SearchConfig.builder().kmax(-1).build());
        assertRejected("search.maxEvaluations: must be >= 1 (the full model is a trial), was 0",
                () -> SearchConfig.builder().maxEvaluations(0).build());
        assertRejected("search.mutationProbability: must be a probability in [0, 1], was 1.5",
                () -> SearchConfig.builder().mutationProbability(1.5).build());
        assertRejected("search.ranking: unknown ranking 'global' (expected per-stage or accumulated)",
                () -> BudgetRanking.parse("global"));
        assertRejected("search.genome: unknown genome 'trees' (expected budgets or masks)", () -> Genome.parse("trees"));
    }

    @Test
    void strategyNamesAndAliasesParse() {
        assertEquals(Strategy.GREEDY, Strategy.parse("LiteStage"));
        assertEquals(Strategy.PARETO, Strategy.parse("nsga2"));
        assertEquals(Strategy.UNIFORM, Strategy.parse("unified"));
        assertEquals(Strategy.NONE, Strategy.parse(" full "));
        assertEquals(BudgetRanking.ACCUMULATED, BudgetRanking.parse("accumulated"));
        assertEquals(BudgetRanking.PER_STAGE, BudgetRanking.parse("per-stage"));
        SearchConfig c = SearchConfig.builder().strategy("adaskip").kmax(3).build();
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void onlyTheUniformAndAdaSkipBaselinesShareOneBudgetAcrossStages() {
        for (Strategy s : Strategy.values()) {
            assertEquals(s == Strategy.UNIFORM || s == Strategy.ADASKIP, s.sharesOneBudget(), s.token());
        }
    }
}
