package dev.litestage.cli.run;

import dev.litestage.search.strategy.SearchProgress;
import dev.litestage.search.trial.TrialResult;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;

/**
 * One progress bar, with its ETA, per phase of a search: the full model, then each stage of the
 * greedy search (or the evolution of a genetic search). Each finished trial steps the current bar
 * and shows its accuracy and latency.
 */
final class SearchBars implements SearchProgress, AutoCloseable {

    private final Progress progress;
    private final String title;
    private ProgressBar current;

    /** @param title the search's name, e.g. {@code "search greedy"} */
    SearchBars(Progress progress, String title) {
        this.progress = progress;
        this.title = title;
    }

    @Override
    public void phaseStarted(String phase, int expectedTrials) {
        close();
        current = progress.bar(title + ": " + phase, Math.max(1, expectedTrials), "trials");
    }

    /** Counts a finished trial (cached ones included) in the current phase. */
    void trialDone(TrialResult trial) {
        if (current == null) {
            phaseStarted("trials", 1);
        }
        current.step();
        current.setExtraMessage(String.format(Locale.ROOT, " acc %.1f%% %.0f ms", 100 * trial.accuracy(),
                trial.latencyMs()));
    }

    /** Ends the current bar at what it counted (a phase may finish under its expected trials). */
    @Override
    public void close() {
        if (current != null) {
            current.maxHint(current.getCurrent());
            current.close();
            current = null;
        }
    }
}
