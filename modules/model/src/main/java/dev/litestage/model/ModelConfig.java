package dev.litestage.model;

import java.util.Objects;

/**
 * The shape of a Llama-family decoder: everything needed to lay out its weights and run it.
 *
 * <p>Covers Llama (no attention biases) and Qwen2 (biases on the q, k and v projections).
 * Grouped-query attention is expressed by {@code kvHeads < heads}; {@code heads} must be a
 * multiple of {@code kvHeads}.
 *
 * @param architecture    the family, as named by Hugging Face ({@code LlamaForCausalLM},
 *                        {@code Qwen2ForCausalLM}); informational except for the bias default
 * @param hiddenSize      width of the residual stream
 * @param layers          number of transformer blocks (each has two skippable sublayers)
 * @param heads           query heads
 * @param kvHeads         key/value heads
 * @param intermediateSize width of the SwiGLU MLP
 * @param vocabSize       vocabulary size
 * @param maxSeqLen       longest sequence the model supports
 * @param ropeTheta       RoPE base frequency
 * @param rmsNormEps      RMSNorm epsilon
 * @param tiedEmbeddings  whether the output head reuses the token embedding
 * @param attentionBias   whether q, k and v projections carry biases (Qwen2)
 */
public record ModelConfig(
        String architecture,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int intermediateSize,
        int vocabSize,
        int maxSeqLen,
        double ropeTheta,
        double rmsNormEps,
        boolean tiedEmbeddings,
        boolean attentionBias) {

    public static final String LLAMA = "LlamaForCausalLM";
    public static final String QWEN2 = "Qwen2ForCausalLM";

    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        positive("hiddenSize", hiddenSize);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("intermediateSize", intermediateSize);
        positive("vocabSize", vocabSize);
        positive("maxSeqLen", maxSeqLen);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hiddenSize " + hiddenSize + " is not a multiple of heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads " + heads + " is not a multiple of kvHeads " + kvHeads);
        }
        if ((hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("head dimension " + hiddenSize / heads + " must be even for RoPE");
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            throw new IllegalArgumentException("ropeTheta and rmsNormEps must be positive");
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hiddenSize / heads;
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    /** Width of the key (and value) projection: {@code kvHeads * headDim}. */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /** Number of skippable sublayers: an attention and an MLP sublayer per layer. */
    public int sublayers() {
        return 2 * layers;
    }
}
