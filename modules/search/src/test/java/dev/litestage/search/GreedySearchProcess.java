package dev.litestage.search;

import dev.litestage.search.strategy.LayerAllocationSearch;
import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link SearchKillResumeTest}: a journaled greedy search over the synthetic
 * pipeline whose trials sleep, with latencies from the cost model.
 *
 * <p>Arguments: journal file, invocation log, milliseconds to sleep per trial, result file (written
 * only when the search completes).
 */
public final class GreedySearchProcess {

    static final SearchConfig CONFIG = SearchConfig.builder().strategy("greedy").epsilon(0.05).kmax(4).build();

    private GreedySearchProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path journalFile = Path.of(args[0]);
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(Long.parseLong(args[2]), Path.of(args[1]));
        try (TrialJournal journal = TrialJournal.open(journalFile)) {
            TrialCache cache = TrialCache.journaled(SyntheticPipeline.COSTS.estimating(pipeline), journal);
            SearchOutcome outcome = LayerAllocationSearch.run(CONFIG, pipeline.stageNames(), pipeline.importance(), cache);
            Files.write(Path.of(args[3]), summary(outcome));
        }
    }

    /** The outcome without wall times: the chosen key, then each trial's key, accuracy and latency. */
    static List<String> summary(SearchOutcome outcome) {
        List<String> lines = new ArrayList<>();
        lines.add("chosen " + outcome.chosen().key());
        lines.add("evaluations " + outcome.evaluations());
        for (TrialResult t : outcome.trials()) {
            lines.add(t.key() + " " + t.accuracy() + " " + t.latencyMs());
        }
        return lines;
    }
}
