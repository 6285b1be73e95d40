package dev.litestage.experiment.run;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.TrialConfig;
import java.util.stream.Collectors;

/** Readable names of trial configurations, for MLflow run names and reports. */
public final class TrialNames {

    private TrialNames() {
    }

    /** E.g. {@code recall-2 analyze-5 summarize-0 ee} : skipped sublayers per stage, and whether early exit is on. */
    public static String of(TrialConfig config) {
        String stages = config.stages().stream()
                .map(s -> s.stage() + "-" + s.mask().skippedCount())
                .collect(Collectors.joining(" "));
        boolean earlyExit = config.stages().stream().anyMatch(s -> s.earlyExit().enabled());
        return stages + (earlyExit ? " ee" : "");
    }

    /** The skipped layers of one kind, e.g. {@code 3,5,7}, or {@code -} for none. */
    public static String layers(java.util.List<Integer> layers) {
        return layers.isEmpty() ? "-" : layers.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Early exit of a stage as text, e.g. {@code window 3, threshold 0.50} or {@code off}. */
    public static String earlyExit(StageProfile stage) {
        return stage.earlyExit().enabled()
                ? String.format(java.util.Locale.ROOT, "window %d, threshold %.2f", stage.earlyExit().window(), stage.earlyExit().threshold())
                : "off";
    }

    /** The mask of a stage as a readable spec. */
    public static String spec(SkipMask mask) {
        return mask.toSpec();
    }
}
