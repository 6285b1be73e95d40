package dev.litestage.model;

/**
 * Per-sublayer cosine similarity between a sublayer's input and output on the residual stream:
 * attention compares the block input with the stream after attention; the MLP compares the stream
 * after attention with the block output. High similarity means the sublayer changes little.
 *
 * @param attention per layer, the attention sublayer's similarity
 * @param mlp       per layer, the MLP sublayer's similarity
 * @param tokens    how many token positions were averaged
 */
public record SublayerSimilarity(double[] attention, double[] mlp, int tokens) {

    public SublayerSimilarity {
        if (attention.length != mlp.length) {
            throw new IllegalArgumentException("attention and mlp must cover the same layers");
        }
        attention = attention.clone();
        mlp = mlp.clone();
    }

    /** Similarity of one sublayer. */
    public double of(Sublayer s) {
        return s.kind() == Sublayer.Kind.ATTENTION ? attention[s.layer()] : mlp[s.layer()];
    }

    public int layers() {
        return attention.length;
    }
}
