package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One layer's weights prepared for the shared sublayer graphs, so that each call runs as few
 * graph ops as possible (SameDiff's per-op bookkeeping, not arithmetic, dominates small models):
 * <ul>
 *   <li>RMSNorm weights are folded into the projections that follow: {@code (x*g) @ W == x @ (diag(g) W)},
 *       and so is the norm's {@code sqrt(hidden)}, which lets the graph normalize by the squared
 *       norm, one op, instead of the mean of squares, two (see {@link SublayerGraphs});
 *   <li>the attention scale {@code 1/sqrt(headDim)} is folded into the query projection;
 *   <li>q, k and v form one matrix, one matmul per call, whose columns are laid out <em>by KV
 *       head, feature, member</em>: for KV head {@code j} and feature {@code f}, the {@code group}
 *       query heads that read head {@code j}, then its key, then its value. Reshaped to
 *       {@code [kvHeads, headDim, group + 2]}, one split yields queries, key and value in the
 *       feature-major layout of the native {@code dot_product_attention} op, with no transpose;
 *   <li>RoPE's "rotate half" is folded into a second, rotated copy of the query and key columns
 *       for narrow models, or done in the graph by swapping each head's feature halves for wide
 *       ones ({@link RopeForm});
 *   <li>the output projection's rows are permuted to match, so the attention output
 *       {@code [kvHeads, headDim, group]} is merged by a reshape;
 *   <li>matrices are stored column-major: ND4J's vector-times-matrix path (decoding multiplies
 *       one row) runs 2-4x faster on them than on row-major ones (measured on this project's
 *       2-core machines, e.g. 5.1 vs 1.2 ms for {@code [1,576] x [576,1536]}).
 * </ul>
 *
 * @param qkv  {@code [hidden, q + 2*kv]} (twice the columns with {@link RopeForm#ROTATED_COPY}),
 *             columns in the head-interleaved layout
 * @param bias the matching bias row, or null (Llama)
 * @param wo   {@code [q, hidden]}, rows in the attention output's {@code (kvHead, feature, member)} order
 */
record FoldedLayer(INDArray qkv, INDArray bias, INDArray wo, INDArray wGate, INDArray wUp, INDArray wDown) {

    static FoldedLayer of(ModelConfig c, LayerWeights l) {
        return of(c, l, RopeForm.forModel(c));
    }

    /** The folded layer for graphs that apply RoPE in {@code form}. */
    static FoldedLayer of(ModelConfig c, LayerWeights l, RopeForm form) {
        int hd = c.headDim();
        double scale = 1.0 / Math.sqrt(hd);
        INDArray attnNorm = normScale(c, l.attnNorm());
        INDArray wq = scaleRows(l.wq(), attnNorm).muli(scale);
        INDArray wk = scaleRows(l.wk(), attnNorm);
        INDArray wv = scaleRows(l.wv(), attnNorm);
        INDArray qkv = form == RopeForm.ROTATED_COPY
                ? Nd4j.hstack(interleaveHeads(c, wq, wk, wv), interleaveHeads(c, rotateHalfColumns(wq, c.heads(), hd),
                        rotateHalfColumns(wk, c.kvHeads(), hd), Nd4j.zeros(wv.dataType(), wv.shape()))).dup('f')
                : interleaveHeads(c, wq, wk, wv).dup('f');
        INDArray bias = null;
        if (l.bq() != null) {
            INDArray bq = row(l.bq()).muli(scale);
            INDArray bk = row(l.bk());
            INDArray bv = row(l.bv());
            bias = form == RopeForm.ROTATED_COPY
                    ? Nd4j.hstack(interleaveHeads(c, bq, bk, bv), interleaveHeads(c, rotateHalfColumns(bq, c.heads(), hd),
                            rotateHalfColumns(bk, c.kvHeads(), hd), Nd4j.zeros(bv.dataType(), bv.shape()))).dup('c')
                    : interleaveHeads(c, bq, bk, bv).dup('c');
        }
        INDArray mlpNorm = normScale(c, l.mlpNorm());
        return new FoldedLayer(qkv, bias, outputRowsInAttentionOrder(c, l.wo()).dup('f'),
                scaleRows(l.wGate(), mlpNorm).dup('f'), scaleRows(l.wUp(), mlpNorm).dup('f'), l.wDown().dup('f'));
    }

    /**
     * A norm's weights times {@code sqrt(hidden)}: the graphs compute {@code x / sqrt(|x|^2 + hidden*eps)},
     * which is RMSNorm's {@code x / sqrt(mean(x^2) + eps)} divided by {@code sqrt(hidden)}.
     */
    static INDArray normScale(ModelConfig c, INDArray normWeights) {
        return normWeights.mul(Math.sqrt(c.hiddenSize()));
    }

    /**
     * Column of the fused projection (one half) that holds query head {@code h}'s feature {@code f}:
     * {@code (kvHead, feature, member)} order, where a KV head's members are its query heads, then
     * its key, then its value.
     */
    static int queryColumn(ModelConfig c, int h, int f) {
        int g = c.groupSize();
        return ((h / g) * c.headDim() + f) * (g + 2) + h % g;
    }

    /** Column of KV head {@code j}'s key feature {@code f}; its value feature is the next column. */
    static int keyColumn(ModelConfig c, int j, int f) {
        int g = c.groupSize();
        return (j * c.headDim() + f) * (g + 2) + g;
    }

    /** {@code [q | k | v]} (columns head-major) rearranged into the fused (kvHead, feature, member) order. */
    static INDArray interleaveHeads(ModelConfig c, INDArray q, INDArray k, INDArray v) {
        int hd = c.headDim();
        int kvOffset = c.heads() * hd;
        INDArray out = Nd4j.create(q.dataType(), q.rows(), kvOffset + 2L * c.kvDim());
        for (int h = 0; h < c.heads(); h++) {
            for (int f = 0; f < hd; f++) {
                out.putColumn(queryColumn(c, h, f), q.getColumn(h * hd + f));
            }
        }
        for (int j = 0; j < c.kvHeads(); j++) {
            for (int f = 0; f < hd; f++) {
                out.putColumn(keyColumn(c, j, f), k.getColumn(j * hd + f));
                out.putColumn(keyColumn(c, j, f) + 1, v.getColumn(j * hd + f));
            }
        }
        return out;
    }

    /**
     * The output projection's rows reordered for the attention output {@code [kvHeads, headDim, group]}
     * flattened: its element {@code (j, f, m)} is query head {@code j*group + m}'s feature {@code f}.
     */
    static INDArray outputRowsInAttentionOrder(ModelConfig c, INDArray wo) {
        int hd = c.headDim();
        int g = c.groupSize();
        INDArray out = Nd4j.create(wo.dataType(), wo.shape(), 'c');
        for (int h = 0; h < c.heads(); h++) {
            for (int f = 0; f < hd; f++) {
                out.putRow(((long) (h / g) * hd + f) * g + h % g, wo.getRow((long) h * hd + f));
            }
        }
        return out;
    }

    private static INDArray row(INDArray v) {
        return v.reshape(1, v.length()).dup('c');
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

    /** {@code diag(g) @ w}: row i of w times g[i]. */
    static INDArray scaleRows(INDArray w, INDArray g) {
        return w.mulColumnVector(g.reshape(g.length(), 1)).dup('c');
    }
}
