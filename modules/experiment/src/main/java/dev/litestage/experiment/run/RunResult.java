package dev.litestage.experiment.run;

import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a finished run produced.
 *
 * @param outcome           the search's outcome
 * @param comparisons       the outcomes of the strategies compared at the same budget
 * @param finalEvaluation   the chosen profile against the full model on the evaluation split
 * @param earlyExitPairs    early exit on vs off for the chosen masks (first) and, per stage, the
 *                          trial that skips most there
 * @param profile           the exported profile
 * @param layout            the run's files
 * @param mlflowRunId       the parent MLflow run, once known
 * @param trackingUri       where tracking went, described
 * @param trialContext      the digest trials were measured and journaled under
 * @param trialsOn          what evaluated the search's trials ({@code this process}, or an engine)
 * @param searchMillis      the wall time of the search and the strategies compared with it
 * @param wallMillis        the run's wall time
 */
public record RunResult(SearchOutcome outcome, List<SearchOutcome> comparisons, FinalEvaluation finalEvaluation,
                        List<EarlyExitPair> earlyExitPairs, Path profile, RunLayout layout, Optional<String> mlflowRunId,
                        String trackingUri, String trialContext, String trialsOn, long searchMillis,
                        long wallMillis) {

    public RunResult {
        comparisons = List.copyOf(comparisons);
        earlyExitPairs = List.copyOf(earlyExitPairs);
        if (earlyExitPairs.isEmpty()) {
            throw new IllegalArgumentException("the chosen masks' early-exit pair comes first; none given");
        }
    }

    /** The chosen masks with early exit off, on the selection split (the first pair's other half). */
    public TrialResult chosenWithoutExit() {
        return earlyExitPairs.get(0).off();
    }

    /** The report folder. */
    public Path reportDir() {
        return layout.reportDir();
    }
}
