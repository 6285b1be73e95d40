package dev.litestage.experiment.run;

/**
 * Observes a run: its phases (importance, each search stage, the final measurement, ...), progress
 * within them and its narration. The command line draws progress bars from these calls; a test,
 * a notebook or a service can log them, or ignore them ({@link #SILENT}). Calls come from the
 * thread running the experiment, in order.
 */
public interface RunListener {

    /** Hears nothing. */
    RunListener SILENT = new RunListener() {
    };

    /** A phase began: {@code steps} units of {@code unit} (questions, trials) are expected. */
    default void phaseStarted(String phase, long steps, String unit) {
    }

    /** One more step of the current phase is done; {@code note} says how it went (or is empty). */
    default void stepDone(String note) {
    }

    /** The current phase ended (possibly before all its expected steps). */
    default void phaseEnded() {
    }

    /** A line of narration between phases: reuse of earlier state, warnings. */
    default void say(String line) {
    }
}
