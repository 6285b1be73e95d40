package dev.litestage.search.cost;

import dev.litestage.model.SkipMask;

/**
 * The cost of one token in one phase (prefill or decode), in milliseconds: a fixed part
 * (embedding, final norm, output head, sampling) plus the cost of each attention and each MLP
 * sublayer that runs. All layers of a Llama-family decoder have the same shape, so one cost per
 * kind covers every layer.
 *
 * @param fixedMs     per-token cost that no mask removes
 * @param attentionMs per-token cost of one attention sublayer
 * @param mlpMs       per-token cost of one MLP sublayer
 */
public record PhaseCost(double fixedMs, double attentionMs, double mlpMs) {

    public PhaseCost {
        check("fixedMs", fixedMs);
        check("attentionMs", attentionMs);
        check("mlpMs", mlpMs);
    }

    public static PhaseCost of(double fixedMs, double attentionMs, double mlpMs) {
        return new PhaseCost(fixedMs, attentionMs, mlpMs);
    }

    /** Milliseconds per token under {@code mask}: the fixed part plus every sublayer that runs. */
    public double msPerToken(SkipMask mask) {
        int layers = mask.layers();
        return fixedMs + attentionMs * (layers - mask.skippedAttentionLayers().size())
                + mlpMs * (layers - mask.skippedMlpLayers().size());
    }

    private static void check(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("cost model: " + field + " must be a finite non-negative number, was "
                    + value);
        }
    }
}
