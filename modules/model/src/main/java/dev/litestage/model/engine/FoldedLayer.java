package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer's weights prepared for the shared sublayer graphs: the RMSNorm weight is folded into
 * the projections that follow it ({@code (x*g) @ W == x @ (diag(g) W)}), the attention scale
 * {@code 1/sqrt(headDim)} into the query projection, and "rotate half" into a second copy of the
 * query and key projections ({@code rotate_half(x @ W) == x @ (W R)}), so that RoPE becomes
 * {@code q*cos + qr*sin}: fewer graph ops per call, which is what SameDiff's per-op bookkeeping
 * makes expensive.
 */
record FoldedLayer(
        INDArray wq, INDArray wqr, INDArray wk, INDArray wkr, INDArray wv, INDArray wo,
        INDArray bq, INDArray bqr, INDArray bk, INDArray bkr, INDArray bv,
        INDArray wGate, INDArray wUp, INDArray wDown) {

    static FoldedLayer of(ModelConfig c, LayerWeights l) {
        int hd = c.headDim();
        double scale = 1.0 / Math.sqrt(hd);
        INDArray wq = scaleRows(l.wq(), l.attnNorm()).muli(scale);
        INDArray wk = scaleRows(l.wk(), l.attnNorm());
        INDArray bq = l.bq() == null ? null : l.bq().mul(scale);
        return new FoldedLayer(
                wq, rotateHalfColumns(wq, c.heads(), hd),
                wk, rotateHalfColumns(wk, c.kvHeads(), hd),
                scaleRows(l.wv(), l.attnNorm()),
                l.wo().dup('c'),
                row(bq), bq == null ? null : rotateHalfColumns(row(bq), c.heads(), hd),
                row(l.bk()), l.bk() == null ? null : rotateHalfColumns(row(l.bk()), c.kvHeads(), hd),
                row(l.bv()),
                scaleRows(l.wGate(), l.mlpNorm()),
                scaleRows(l.wUp(), l.mlpNorm()),
                l.wDown().dup('c'));
    }

    boolean hasBias() {
        return bq != null;
    }

    private static INDArray row(INDArray v) {
        return v == null ? null : v.reshape(1, v.length()).dup('c');
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
