package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer's weights prepared for the shared sublayer graphs, so that each call runs as few
 * graph ops as possible (SameDiff's per-op bookkeeping, not arithmetic, dominates small models):
 * <ul>
 *   <li>RMSNorm weights are folded into the projections that follow: {@code (x*g) @ W == x @ (diag(g) W)};
 *   <li>the attention scale {@code 1/sqrt(headDim)} is folded into the query projection;
 *   <li>RoPE's "rotate half" is folded into a second copy of the query and key projections
 *       ({@code rotate_half(x @ W) == x @ (W R)}), so rotation is {@code y*cos + yr*sin};
 *   <li>q, k, v and their rotated copies form one matrix {@code [q | k | v | qR | kR | 0]}, one
 *       matmul per call;
 *   <li>matrices are stored column-major: ND4J's vector-times-matrix path (decoding multiplies
 *       one row) runs 2-4x faster on them than on row-major ones (measured on this project's
 *       2-core machines, e.g. 5.1 vs 1.2 ms for {@code [1,576] x [576,1536]}).
 * </ul>
 *
 * @param qkv  {@code [hidden, 2*(q + 2*kv)]}
 * @param bias the matching bias row {@code [1, 2*(q + 2*kv)]}, or null (Llama)
 */
record FoldedLayer(INDArray qkv, INDArray bias, INDArray wo, INDArray wGate, INDArray wUp, INDArray wDown) {

    static FoldedLayer of(ModelConfig c, LayerWeights l) {
        int hd = c.headDim();
        double scale = 1.0 / Math.sqrt(hd);
        INDArray wq = scaleRows(l.wq(), l.attnNorm()).muli(scale);
        INDArray wk = scaleRows(l.wk(), l.attnNorm());
        INDArray wv = scaleRows(l.wv(), l.attnNorm());
        INDArray qkv = Nd4j.hstack(wq, wk, wv,
                rotateHalfColumns(wq, c.heads(), hd), rotateHalfColumns(wk, c.kvHeads(), hd),
                Nd4j.zeros(wv.dataType(), wv.shape())).dup('f');
        INDArray bias = null;
        if (l.bq() != null) {
            INDArray bq = row(l.bq()).muli(scale);
            INDArray bk = row(l.bk());
            INDArray bv = row(l.bv());
            bias = Nd4j.hstack(bq, bk, bv, rotateHalfColumns(bq, c.heads(), hd), rotateHalfColumns(bk, c.kvHeads(), hd),
                    Nd4j.zeros(bv.dataType(), bv.shape())).dup('c');
        }
        return new FoldedLayer(qkv, bias, l.wo().dup('f'),
                scaleRows(l.wGate(), l.mlpNorm()).dup('f'), scaleRows(l.wUp(), l.mlpNorm()).dup('f'), l.wDown().dup('f'));
    }

    private static INDArray row(INDArray v) {
        return v.reshape(1, v.length()).dup('c');
    }

    /** {@code diag(g) @ w}: row i of w times g[i]. */
    static INDArray scaleRows(INDArray w, INDArray g) {
        return w.mulColumnVector(g.reshape(g.length(), 1)).dup('c');
    }

    /**
     * {@code w @ R} per head, where {@code x @ R = rotate_half(x) = [-x2, x1]}: output column j of a
     * head (j < half) is minus input column j+half, column j+half is column j.
     */
    static INDArray rotateHalfColumns(INDArray w, int heads, int headDim) {
        INDArray out = Nd4j.create(w.dataType(), w.shape(), 'c');
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            int base = h * headDim;
            for (int j = 0; j < half; j++) {
                out.putColumn(base + j, w.getColumn(base + j + half).neg());
                out.putColumn(base + j + half, w.getColumn(base + j));
            }
        }
        return out;
    }
}
