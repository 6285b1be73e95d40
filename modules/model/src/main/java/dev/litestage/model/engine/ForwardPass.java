package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The decoder's forward pass over a batch of rows, layer by layer: prefill of (a chunk of) every
 * row's prompt tokens, and one decode step. Java drives the layers in order and calls the shared
 * sublayer graphs; a skipped sublayer is not called, so it costs nothing and is the identity on the
 * residual stream. Each layer whose attention runs keeps its keys and values in the rows'
 * {@link KvCache}; a layer whose attention is skipped has none.
 *
 * <p>Not thread-safe: the graphs' sessions are not reentrant, and callers serialize on the decoder.
 */
final class ForwardPass {

    /** Observes the residual stream around each executed sublayer (index = 2*layer + kind). */
    @FunctionalInterface
    interface SublayerObserver {
        void observe(int sublayerIndex, INDArray input, INDArray output);
    }

    private final ModelConfig config;
    private final INDArray embedding;
    private final List<FoldedLayer> layers;
    private final INDArray head;
    private final SublayerGraphs graphs;
    private final RotaryTables rope;

    ForwardPass(ModelConfig config, INDArray embedding, List<FoldedLayer> layers, INDArray head, SublayerGraphs graphs,
                RotaryTables rope) {
        this.config = config;
        this.embedding = embedding;
        this.layers = layers;
        this.head = head;
        this.graphs = graphs;
        this.rope = rope;
    }

    ModelConfig config() {
        return config;
    }

    /**
     * Runs {@code tokens} ({@code rows x T}, row-major, each row's real tokens right-aligned) after
     * the columns already in {@code cache} and writes their keys and values as the next {@code T}
     * columns (the cache must have room). {@code positions} gives each token's position in its
     * sequence, {@code mask} is the additive {@code [rows, 1, group*T, cached+T]} mask (see
     * {@link #additiveMask}).
     *
     * @return the residual stream after the last layer, {@code [rows*T, hidden]}
     */
    INDArray prefill(int rows, int[] tokens, int[] positions, INDArray mask, SkipMask skip, KvCache cache,
                     SublayerObserver observer) {
        int cached = cache.columns();
        int t = tokens.length / rows;
        INDArray x = embedding.getRows(tokens);
        RotaryTables.Factors factors = rope.factorsByFeature(positions);
        for (int i = 0; i < config.layers(); i++) {
            FoldedLayer w = layers.get(i);
            if (!skip.skipsAttention(i)) {
                SublayerGraphs.AttentionOutput a = cached == 0
                        ? graphs.prefillAttention(x, rows, w, factors, mask)
                        : graphs.extendAttention(x, rows, w, factors, mask, cache.keys(i, cached), cache.values(i, cached));
                if (observer != null) {
                    observer.observe(2 * i, x, a.x());
                }
                x = a.x();
                cache.write(i, cached, a.keys(), a.values());
            }
            if (!skip.skipsMlp(i)) {
                INDArray out = graphs.mlp(x, w);
                if (observer != null) {
                    observer.observe(2 * i + 1, x, out);
                }
                x = out;
            }
        }
        cache.advance(t);
        return x;
    }

    /**
     * One decode step: each row's token {@code tokens[b]} at {@code positions[b]} has its key and
     * value written as the cache's next column, then attends to its valid columns and itself
     * ({@code valid} is {@code [rows, columns+1]}, 0/1). The cache must have room for the column.
     *
     * @return the residual stream after the last layer, {@code [rows, hidden]}
     */
    INDArray decode(int[] tokens, int[] positions, INDArray valid, SkipMask skip, KvCache cache) {
        int column = cache.columns();
        INDArray x = embedding.getRows(tokens);
        RotaryTables.Factors factors = rope.factors(positions);
        for (int i = 0; i < config.layers(); i++) {
            FoldedLayer w = layers.get(i);
            if (!skip.skipsAttention(i)) {
                SublayerGraphs.Projection p = graphs.decodeProjection(x, w, factors);
                cache.write(i, column, p.keys(), p.values());
                x = graphs.decodeAttention(x, w, p.queries(), cache.keys(i, column + 1), cache.values(i, column + 1), valid);
            }
            if (!skip.skipsMlp(i)) {
                x = graphs.mlp(x, w);
            }
        }
        cache.advance(1);
        return x;
    }

    /** The greedy next token of each row of the residual stream {@code x} and its probability. */
    SublayerGraphs.NextTokens next(INDArray x) {
        return graphs.next(x, head);
    }

    /** Logits {@code [rows, vocab]} of the residual stream {@code x}. */
    INDArray logits(INDArray x) {
        return graphs.logits(x, head);
    }

    /**
     * The additive prefill mask {@code [rows, 1, group*T, S]} (0 or -1e9) for {@code T} new columns
     * after {@code S - T} cached ones: query (member m, token t) of row b may see column s when
     * {@code valid[b][s]} and s is not after the token's own column {@code S - T + t}. A padding
     * token's query sees what it may; its output is never read.
     */
    float[] additiveMask(boolean[][] valid, int columns, int t) {
        int g = config.groupSize();
        int rows = valid.length;
        int cached = columns - t;
        float[] m = new float[rows * g * t * columns];
        for (int b = 0; b < rows; b++) {
            for (int gi = 0; gi < g; gi++) {
                for (int row = 0; row < t; row++) {
                    int base = ((b * g + gi) * t + row) * columns;
                    int visible = cached + row; // last column this query may see
                    for (int s = 0; s < columns; s++) {
                        if (s > visible || !valid[b][s]) {
                            m[base + s] = -1e9f;
                        }
                    }
                }
            }
        }
        return m;
    }
}
