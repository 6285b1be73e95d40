package dev.litestage.experiment.run;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.TrialConfig;
import java.util.stream.Collectors;

/** Readable names of trial configurations, for MLflow run names and reports. */
public final class TrialNames {

    private TrialNames() {
    }

    /**
     * E.g. {@code 2/5/0 ee 3:0.5 #1f9c2a}: skipped sublayers per stage in pipeline order, then each
     * stage's early exit (window:threshold, or off; once when all stages share it), then the first
     * six hex digits of a digest of the trial key. What differs between trials comes first, so the
     * MLflow UI's cut-off run-name column still tells trials apart; the digest keeps two trials
     * with the same counts (other layers skipped) apart and the name stable across runs.
     */
    public static String of(TrialConfig config) {
        return skipped(config) + " ee " + earlyExits(config) + " #" + shortDigest(config.key());
    }

    /** Skipped sublayers per stage in pipeline order, e.g. {@code 7/7/6}. */
    public static String skipped(TrialConfig config) {
        return config.stages().stream().map(s -> String.valueOf(s.mask().skippedCount())).collect(Collectors.joining("/"));
    }

    /** Each stage's early exit ({@code window:threshold} or {@code off}), once when all stages share it. */
    public static String earlyExits(TrialConfig config) {
        java.util.List<String> exits = config.stages().stream().map(TrialNames::exitToken).toList();
        return exits.stream().distinct().count() == 1 ? exits.get(0) : String.join("/", exits);
    }

    /** A stage's early exit as {@code window:threshold} or {@code off}. */
    private static String exitToken(StageProfile s) {
        if (!s.earlyExit().enabled()) {
            return "off";
        }
        double t = s.earlyExit().threshold();
        String threshold = t == Math.rint(t * 100) / 100 ? java.math.BigDecimal.valueOf(t).stripTrailingZeros().toPlainString()
                : String.format(java.util.Locale.ROOT, "%.3f", t);
        return s.earlyExit().window() + ":" + threshold;
    }

    private static String shortDigest(String key) {
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha).substring(0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
