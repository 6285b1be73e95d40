package dev.litestage.model.weights;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One transformer block's weights, fp32, laid out for {@code x @ W} (rows = input features):
 * the transpose of Hugging Face's {@code [out, in]} Linear layout.
 *
 * <p>Query and key projections use the Hugging Face ("rotate half") RoPE convention: within each
 * head, the first half of the features pairs with the second half. llama2.c checkpoints, which
 * interleave pairs, are permuted into this convention when loaded.
 *
 * @param attnNorm RMSNorm weight before attention, {@code [hidden]}
 * @param wq       {@code [hidden, heads*headDim]}
 * @param wk       {@code [hidden, kvHeads*headDim]}
 * @param wv       {@code [hidden, kvHeads*headDim]}
 * @param wo       {@code [heads*headDim, hidden]}
 * @param bq       q bias {@code [heads*headDim]}, or null (Llama)
 * @param bk       k bias, or null
 * @param bv       v bias, or null
 * @param mlpNorm  RMSNorm weight before the MLP, {@code [hidden]}
 * @param wGate    SwiGLU gate projection {@code [hidden, intermediate]} (HF gate_proj, llama2.c w1)
 * @param wUp      SwiGLU up projection {@code [hidden, intermediate]} (HF up_proj, llama2.c w3)
 * @param wDown    down projection {@code [intermediate, hidden]} (HF down_proj, llama2.c w2)
 */
public record LayerWeights(
        INDArray attnNorm,
        INDArray wq,
        INDArray wk,
        INDArray wv,
        INDArray wo,
        INDArray bq,
        INDArray bk,
        INDArray bv,
        INDArray mlpNorm,
        INDArray wGate,
        INDArray wUp,
        INDArray wDown) {
}
