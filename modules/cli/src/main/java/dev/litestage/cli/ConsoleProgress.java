package dev.litestage.cli;

import dev.litestage.experiment.run.RunListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A run heard on the console: one progress bar with its ETA per phase, on stderr so that stdout
 * stays parseable ({@code --json} prints its object there), and narration between phases.
 */
final class ConsoleProgress implements RunListener {

    private final PrintStream out;
    private final boolean enabled;
    private ProgressBar current;

    private ConsoleProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Bars on stderr. */
    static ConsoleProgress console() {
        return new ConsoleProgress(System.err, true);
    }

    @Override
    public void phaseStarted(String phase, long steps, String unit) {
        phaseEnded();
        current = bar(phase, steps, unit);
    }

    /** A bar of its own for {@code task}, outside the run's phases (training steps); the caller closes it. */
    ProgressBar bar(String task, long steps, String unit) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(Math.max(1, steps))
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(enabled ? out
                        : new PrintStream(java.io.OutputStream.nullOutputStream())))
                .build();
    }

    @Override
    public void stepDone(String note) {
        if (current != null) {
            current.step();
            if (!note.isEmpty()) {
                current.setExtraMessage(" " + note);
            }
        }
    }

    /** Ends the current bar at what it counted (a phase may finish under its expected steps). */
    @Override
    public void phaseEnded() {
        if (current != null) {
            current.maxHint(current.getCurrent());
            current.close();
            current = null;
        }
    }

    @Override
    public void say(String line) {
        if (enabled) {
            out.println(line);
        }
    }
}
