package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One optimizer step's input: {@code rows} rows of {@code seqLen} tokens, each row holding whole
 * documents back to back, then padding.
 *
 * <p>A document never sees another: attention is causal within its own segment only, and its
 * rotary positions restart at 0. The loss covers every position whose next token lies in the
 * same document (so the last token of a document, its EOS, predicts nothing), never padding.
 *
 * @param tokens     {@code [rows][seqLen]} token ids, padding = {@code padId}
 * @param segments   {@code [rows][seqLen]} document index within the row, -1 for padding
 * @param positions  {@code [rows][seqLen]} position within the token's document
 * @param realTokens number of non-padding tokens
 * @param config     the model the batch is fed to (for the rotary tables' width)
 */
record PackedBatch(int[][] tokens, int[][] segments, int[][] positions, int realTokens, ModelConfig config) {

    private static final float MASKED = -1e9f;

    /**
     * Lays out rows of documents (each already {@code BOS ... EOS}) back to back and pads every
     * row to {@code seqLen}.
     *
     * @throws IllegalArgumentException when a row's documents do not fit in {@code seqLen}
     */
    static PackedBatch of(List<List<int[]>> rows, ModelConfig config, int seqLen, int padId) {
        int[][] tokens = new int[rows.size()][seqLen];
        int[][] segments = new int[rows.size()][seqLen];
        int[][] positions = new int[rows.size()][seqLen];
        int real = 0;
        for (int r = 0; r < rows.size(); r++) {
            Arrays.fill(tokens[r], padId);
            Arrays.fill(segments[r], -1);
            int at = 0;
            int segment = 0;
            for (int[] doc : rows.get(r)) {
                if (at + doc.length > seqLen) {
                    throw new IllegalArgumentException("row " + r + ": documents need " + (at + doc.length)
                            + " tokens, more than seqLen " + seqLen);
                }
                for (int i = 0; i < doc.length; i++) {
                    tokens[r][at + i] = doc[i];
                    segments[r][at + i] = segment;
                    positions[r][at + i] = i;
                }
                at += doc.length;
                real += doc.length;
                segment++;
            }
        }
        return new PackedBatch(tokens, segments, positions, real, config);
    }

    int rows() {
        return tokens.length;
    }

    int seqLen() {
        return tokens[0].length;
    }

    /** The graph inputs a forward pass needs. */
    Map<String, INDArray> inputs() {
        int rows = rows();
        int t = seqLen();
        int n = rows * t;
        int h = config.hiddenSize();
        float[] cos = new float[n * h];
        float[] sin = new float[n * h];
        float[] mask = new float[rows * t * t];
        int[] ids = new int[n];
        RotaryTables rope = new RotaryTables(config);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < t; i++) {
                int flat = r * t + i;
                ids[flat] = tokens[r][i];
                rope.fill(positions[r][i], config.heads(), cos, sin, flat * h);
                for (int j = 0; j < t; j++) {
                    boolean visible = j == i || (j < i && segments[r][i] >= 0 && segments[r][j] == segments[r][i]);
                    mask[(r * t + i) * t + j] = visible ? 0f : MASKED;
                }
            }
        }
        Map<String, INDArray> in = new HashMap<>();
        in.put(DecoderGraph.TOKENS, Nd4j.createFromArray(ids).reshape(rows, t));
        in.put(DecoderGraph.ATTENTION_MASK, Nd4j.create(mask, new long[] {rows, 1, t, t}, DataType.FLOAT));
        in.put(DecoderGraph.ROPE_COS, Nd4j.create(cos, new long[] {n, h}, DataType.FLOAT));
        in.put(DecoderGraph.ROPE_SIN, Nd4j.create(sin, new long[] {n, h}, DataType.FLOAT));
        in.put(DecoderGraph.SUBLAYER_GATES, gates(SublayerDropout.allOpen(2 * config.layers())));
        return in;
    }

    /**
     * {@link #placeholders()} as a dataset for {@code SameDiff.fit}, in {@link DecoderGraph#FEATURES}
     * and {@link DecoderGraph#LABELS} order, with the step's sublayer {@code gates}.
     */
    MultiDataSet dataSet(float[] gates) {
        if (gates.length != 2 * config.layers()) {
            throw new IllegalArgumentException(gates.length + " sublayer gates for " + config.layers() + " layers");
        }
        Map<String, INDArray> all = placeholders();
        all.put(DecoderGraph.SUBLAYER_GATES, gates(gates));
        INDArray[] features = Arrays.stream(DecoderGraph.FEATURES).map(all::get).toArray(INDArray[]::new);
        INDArray[] labels = Arrays.stream(DecoderGraph.LABELS).map(all::get).toArray(INDArray[]::new);
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels);
    }

    private static INDArray gates(float[] gates) {
        return Nd4j.create(gates, new long[] {1, gates.length}, DataType.FLOAT);
    }

    /** The inputs plus next-token targets and the loss mask: everything a training step feeds. */
    Map<String, INDArray> placeholders() {
        int rows = rows();
        int t = seqLen();
        int[] targets = new int[rows * t];
        float[] lossMask = new float[rows * t];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i + 1 < t; i++) {
                if (segments[r][i] >= 0 && segments[r][i + 1] == segments[r][i]) {
                    targets[r * t + i] = tokens[r][i + 1];
                    lossMask[r * t + i] = 1f;
                }
            }
        }
        Map<String, INDArray> all = inputs();
        all.put(DecoderGraph.TARGETS, Nd4j.createFromArray(targets).reshape(rows, t));
        all.put(DecoderGraph.LOSS_MASK, Nd4j.create(lossMask, new long[] {rows, t}, DataType.FLOAT));
        return all;
    }
}
