package dev.litestage.experiment.execution;

import dev.litestage.search.cost.CostModel;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The search's trial evaluator when trials run on a {@link TrialExecutor}: each batch goes out at
 * once, and each trial that comes back is priced by this machine's cost model. Workers report
 * latencies from their own calibration, which on different hosts (or a loaded one) are not
 * comparable with each other; one calibration for every trial keeps the search's comparisons
 * fair, and it is this machine's, where the final speedup is timed. The worker's own estimate is
 * kept as the trial's {@link TrialOrigin}.
 */
public final class DistributedTrials implements TrialEvaluator {

    private final TrialExecutor executor;
    private final CostModel costModel;
    private final Map<String, TrialOrigin> origins = new ConcurrentHashMap<>();
    private volatile int dispatched;

    /**
     * @param executor  runs the trials
     * @param costModel this machine's calibration, which prices every trial
     */
    public DistributedTrials(TrialExecutor executor, CostModel costModel) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.costModel = Objects.requireNonNull(costModel, "costModel");
    }

    @Override
    public TrialResult evaluate(TrialConfig config) {
        return evaluateAll(List.of(config)).get(0);
    }

    @Override
    public List<TrialResult> evaluateAll(List<TrialConfig> configs) {
        List<ExecutedTrial> executed = executor.evaluateAll(configs);
        if (executed.size() != configs.size()) {
            throw new IllegalStateException(executor.description() + " answered " + executed.size()
                    + " trials when asked for " + configs.size());
        }
        dispatched += configs.size();
        List<TrialResult> out = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            ExecutedTrial e = executed.get(i);
            if (!e.result().config().equals(configs.get(i))) {
                throw new IllegalStateException(executor.description() + " answered " + e.result().key()
                        + " when asked for " + configs.get(i).key());
            }
            origins.put(e.result().key(), new TrialOrigin(e.worker(), e.result().latencyMs()));
            out.add(costModel.estimate(e.result()));
        }
        return out;
    }

    /** Where the trial with {@code key} was measured, if this run measured it. */
    public Optional<TrialOrigin> origin(String key) {
        return Optional.ofNullable(origins.get(key));
    }

    /** Trials handed to the executor so far (journaled ones are never handed over). */
    public int dispatched() {
        return dispatched;
    }

    /** What runs the trials. */
    public String description() {
        return executor.description();
    }
}
