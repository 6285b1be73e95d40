package dev.litestage.search.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.Genome;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.SyntheticPipeline;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strategies hand whole batches of trials to the evaluator (a greedy stage's budgets, a
 * generation, a sweep). An evaluator that runs a batch's trials at once and in any order, as a
 * cluster does, must give the same search as one trial at a time: the same trials, requested in
 * the same order, the same choice, the same budget spent.
 */
class BatchedTrialsTest {

    /** Runs each batch's trials on 3 threads, last first, and records the batch sizes. */
    private static final class ClusterLike implements TrialEvaluator {
        final TrialEvaluator delegate;
        final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

        ClusterLike(TrialEvaluator delegate) {
            this.delegate = delegate;
        }

        @Override
        public TrialResult evaluate(TrialConfig config) {
            return evaluateAll(List.of(config)).get(0);
        }

        @Override
        public List<TrialResult> evaluateAll(List<TrialConfig> configs) {
            batches.add(configs.size());
            assertEquals(configs.size(), new HashSet<>(configs.stream().map(TrialConfig::key).toList()).size(),
                    "a batch holds distinct trials");
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<TrialResult>> futures = new ArrayList<>();
                for (int i = configs.size() - 1; i >= 0; i--) {
                    TrialConfig c = configs.get(i);
                    futures.add(0, pool.submit(() -> delegate.evaluate(c)));
                }
                List<TrialResult> out = new ArrayList<>();
                for (Future<TrialResult> f : futures) {
                    out.add(f.get());
                }
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static SearchConfig config(String strategy) {
        SearchConfig.Builder b = SearchConfig.builder().strategy(strategy.replace("-masks", "")).epsilon(0.05).kmax(5)
                .population(8).generations(6).seed(7);
        if (strategy.endsWith("-masks")) {
            b.genome(Genome.MASKS).kmax(3);
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"greedy", "genetic", "genetic-masks", "pareto", "uniform", "adaskip"})
    void aBatchRunAtOnceAndInAnyOrderGivesTheSameSearchAsOneTrialAtATime(String strategy) {
        SearchConfig config = config(strategy);
        SyntheticPipeline serialPipeline = SyntheticPipeline.randomCase(4);
        SearchOutcome serial = LayerAllocationSearch.run(config, serialPipeline.stageNames(), serialPipeline.importance(),
                TrialCache.of(serialPipeline));

        SyntheticPipeline pipeline = SyntheticPipeline.randomCase(4);
        ClusterLike cluster = new ClusterLike(pipeline);
        SearchOutcome batched = LayerAllocationSearch.run(config, pipeline.stageNames(), pipeline.importance(),
                TrialCache.of(cluster));

        assertEquals(serial.trials().stream().map(TrialResult::key).toList(),
                batched.trials().stream().map(TrialResult::key).toList(), "the same trials, requested in the same order");
        assertEquals(serial.chosen().key(), batched.chosen().key());
        assertEquals(serial.evaluations(), batched.evaluations());
        assertEquals(new HashSet<>(serialPipeline.calls()), new HashSet<>(pipeline.calls()));
        assertEquals(pipeline.calls().size(), new HashSet<>(pipeline.calls()).size(), "each trial measured once");
        int largest = cluster.batches.stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(largest > 1, strategy + " handed over batches, not single trials: " + cluster.batches);
        if (strategy.equals("greedy") || strategy.equals("uniform") || strategy.equals("adaskip")) {
            assertTrue(largest <= config.kmax() + 1, "a stage's or sweep's budgets k = 0..kmax: " + cluster.batches);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"greedy", "genetic", "pareto"})
    void aBudgetThatRunsOutInsideABatchStopsWhereOneAtATimeWould(String strategy) {
        SearchConfig config = config(strategy).toBuilder().maxEvaluations(9).build();
        SyntheticPipeline serialPipeline = SyntheticPipeline.randomCase(6);
        SearchOutcome serial = LayerAllocationSearch.run(config, serialPipeline.stageNames(), serialPipeline.importance(),
                TrialCache.of(serialPipeline));
        SyntheticPipeline pipeline = SyntheticPipeline.randomCase(6);
        SearchOutcome batched = LayerAllocationSearch.run(config, pipeline.stageNames(), pipeline.importance(),
                TrialCache.of(new ClusterLike(pipeline)));
        assertEquals(9, pipeline.calls().size());
        assertEquals(serial.trials().stream().map(TrialResult::key).toList(),
                batched.trials().stream().map(TrialResult::key).toList());
        assertEquals(serial.chosen().key(), batched.chosen().key());
    }
}
