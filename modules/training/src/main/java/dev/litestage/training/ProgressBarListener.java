package dev.litestage.training;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar over training steps with the smoothed loss, throughput and ETA. On a
 * terminal it redraws in place; without one (a log file) it prints a plain line every
 * {@value #LOG_INTERVAL_SECONDS} seconds instead of filling the log with carriage returns.
 */
public final class ProgressBarListener implements TrainingListener, AutoCloseable {

    static final int LOG_INTERVAL_SECONDS = 30;
    /** Weight of the newest loss in the displayed moving average. */
    private static final double SMOOTHING = 0.05;

    private ProgressBar bar;
    private double smoothedLoss = Double.NaN;
    private double smoothedTokensPerSecond = Double.NaN;

    @Override
    public void started(TrainingPlan plan) {
        boolean terminal = System.console() != null;
        ProgressBarBuilder builder = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(plan.totalSteps())
                .setUnit(" steps", 1)
                .startsFrom(plan.startStep(), Duration.ofMillis(Math.round(plan.elapsedSeconds() * 1000)));
        if (terminal) {
            builder.setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(500);
        } else {
            builder.setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(LOG_INTERVAL_SECONDS * 1000)
                    .setConsumer(new DelegatingProgressBarConsumer(System.err::println, 120));
        }
        bar = builder.build();
    }

    @Override
    public void stepDone(TrainingStep step) {
        smoothedLoss = Double.isNaN(smoothedLoss) ? step.loss() : (1 - SMOOTHING) * smoothedLoss + SMOOTHING * step.loss();
        smoothedTokensPerSecond = Double.isNaN(smoothedTokensPerSecond) ? step.tokensPerSecond()
                : (1 - SMOOTHING) * smoothedTokensPerSecond + SMOOTHING * step.tokensPerSecond();
        bar.stepTo(step.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f | %,.0f tok/s | lr %.2e",
                smoothedLoss, smoothedTokensPerSecond, step.learningRate()));
    }

    @Override
    public void finished(TrainingResult result) {
        close();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
