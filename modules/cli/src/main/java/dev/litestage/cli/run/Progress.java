package dev.litestage.cli.run;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars with ETA for the phases of a run, on stderr so that stdout stays parseable
 * ({@code --json} prints its object there).
 */
public final class Progress {

    private final PrintStream out;
    private final boolean enabled;

    private Progress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Bars on stderr. */
    public static Progress console() {
        return new Progress(System.err, true);
    }

    /** No bars (tests, {@code --quiet}). */
    public static Progress silent() {
        return new Progress(System.err, false);
    }

    /** A bar for {@code task} with {@code max} steps of {@code unit}; close it when the phase ends. */
    public ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .setMaxRenderedLength(110)
                .setConsumer(new ConsoleProgressBarConsumer(enabled ? out : new PrintStream(java.io.OutputStream.nullOutputStream())));
        return b.build();
    }

    /** A line of narration between phases. */
    public void say(String line) {
        if (enabled) {
            out.println(line);
        }
    }
}
