package dev.litestage.search.strategy;

import dev.litestage.reasoning.EarlyExit;
import dev.litestage.search.SearchSpace;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * LiteStage's stage-wise greedy search. Stages are visited from slowest to fastest by their
 * full-model latency. For the current stage every budget {@code k = 0..kmax} is measured with the
 * budgets already chosen for earlier-visited stages fixed (and later ones at 0); the stage keeps
 * the {@code k} whose trial is fastest among those meeting the target accuracy. Every {@code k} is
 * measured rather than stopping at the first miss, because latency is not monotonic in {@code k}:
 * skipping more can make a stage generate more tokens.
 *
 * <p>With early-exit candidates ({@link SearchSpace#earlyExitCandidates()}), each stage's early
 * exit is tuned right after its budget: every candidate (off among them) is measured with the
 * stage's mask fixed, and the fastest feasible one kept. A confidence exit matters where skipping
 * degrades a stage until it rambles at low confidence; tuning it after the mask lets the stage keep
 * the budget it was chosen with.
 *
 * <p>The current configuration is among each stage's candidates ({@code k} unchanged), so the
 * configuration never gets slower and the final one is the fastest feasible trial seen. When the
 * budget runs out the search stops with the configuration reached so far. If the starting
 * configuration (no skipping, with the search's early exit) misses the target and no candidate
 * reaches it, the full model is chosen.
 */
public final class GreedyStrategy implements SearchStrategy {

    @Override
    public String name() {
        return "greedy";
    }

    /** The stages in the order the search visits them: slowest first by full-model latency, ties in pipeline order. */
    public static List<String> stageOrder(SearchRun run) {
        List<String> order = new ArrayList<>(run.space().stages());
        order.sort(Comparator.comparingDouble((String s) -> -run.fullModel().stage(s).latencyMs()));
        return order;
    }

    @Override
    public StrategyResult search(SearchRun run) {
        SearchSpace space = run.space();
        TrialConfig current = space.budgets(new int[space.stages().size()]);
        for (String stage : stageOrder(run)) {
            run.progress().phaseStarted("stage " + stage, space.kmax() + 1);
            List<TrialConfig> budgets = new ArrayList<>();
            for (int k = 0; k <= space.kmax(); k++) {
                budgets.add(current.withMask(stage, space.budgetMask(stage, k)));
            }
            Pick pick = fastestFeasible(run, budgets, current);
            current = pick.config();
            if (pick.budgetLeft() && !space.earlyExitCandidates().isEmpty()) {
                run.progress().phaseStarted("early exit " + stage, space.earlyExitCandidates().size());
                // the configuration reached comes first, so tuning never makes it slower
                List<TrialConfig> exits = new ArrayList<>(List.of(current));
                for (EarlyExit exit : space.earlyExitCandidates()) {
                    exits.add(current.withEarlyExit(stage, exit));
                }
                pick = fastestFeasible(run, exits, current);
                current = pick.config();
            }
            if (!pick.budgetLeft()) {
                break;
            }
        }
        TrialResult chosen = run.trials().known(current).filter(run::feasible).orElse(run.fullModel());
        return new StrategyResult(chosen, run.paretoFront());
    }

    /** A phase's choice, and whether the evaluation budget lasted through the phase. */
    private record Pick(TrialConfig config, boolean budgetLeft) {
    }

    /**
     * The fastest feasible of {@code candidates} ({@code fallback} if none is), measured as one
     * batch; a candidate past the budget's end ends the phase there, as if they were measured in turn.
     */
    private static Pick fastestFeasible(SearchRun run, List<TrialConfig> candidates, TrialConfig fallback) {
        TrialResult best = null;
        TrialConfig bestConfig = fallback;
        List<Optional<TrialResult>> trials = run.evaluateAll(candidates);
        for (int i = 0; i < candidates.size(); i++) {
            Optional<TrialResult> trial = trials.get(i);
            if (trial.isEmpty()) {
                return new Pick(bestConfig, false);
            }
            TrialResult t = trial.get();
            if (run.feasible(t) && (best == null || SearchRun.FASTEST_FIRST.compare(t, best) < 0)) {
                best = t;
                bestConfig = candidates.get(i);
            }
        }
        return new Pick(bestConfig, true);
    }
}
