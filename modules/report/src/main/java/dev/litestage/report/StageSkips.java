package dev.litestage.report;

import java.util.List;
import java.util.Objects;

/**
 * What the chosen profile does in one stage.
 *
 * @param stage     the stage's name
 * @param attn      the layers whose attention sublayer is skipped (any order; shown ascending)
 * @param mlp       the layers whose MLP sublayer is skipped (any order; shown ascending)
 * @param earlyExit the stage's early-exit setting in words, e.g. {@code window 8, threshold 0.55}
 *                  or {@code off}
 */
public record StageSkips(String stage, List<Integer> attn, List<Integer> mlp, String earlyExit) {

    public StageSkips {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(earlyExit, "earlyExit");
        attn = sortedLayers(stage, "attn", attn);
        mlp = sortedLayers(stage, "mlp", mlp);
    }

    private static List<Integer> sortedLayers(String stage, String field, List<Integer> layers) {
        Objects.requireNonNull(layers, field);
        for (Integer layer : layers) {
            if (layer == null || layer < 0) {
                throw new IllegalArgumentException("chosen profile stage '" + stage + "': field " + field
                        + ": expected non-negative layer indices, found " + layer);
            }
        }
        return layers.stream().distinct().sorted().toList();
    }

    /** Number of skipped sublayers (attention plus MLP). */
    public int skippedCount() {
        return attn.size() + mlp.size();
    }

    /**
     * A layer list in compact readable form: ascending, consecutive runs as ranges, e.g.
     * {@code 3, 5–7, 11}; {@code none} when empty.
     */
    public static String compact(List<Integer> layers) {
        List<Integer> sorted = layers.stream().distinct().sorted().toList();
        if (sorted.isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        int start = sorted.get(0);
        int previous = start;
        for (int i = 1; i <= sorted.size(); i++) {
            int next = i < sorted.size() ? sorted.get(i) : Integer.MIN_VALUE;
            if (next == previous + 1) {
                previous = next;
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(start);
            if (previous > start) {
                out.append(previous == start + 1 ? ", " : "\u2013").append(previous);
            }
            start = next;
            previous = next;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return stage + ": attn " + compact(attn) + "; mlp " + compact(mlp) + "; early exit " + earlyExit;
    }
}
