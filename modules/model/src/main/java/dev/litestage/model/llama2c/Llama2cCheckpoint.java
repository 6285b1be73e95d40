package dev.litestage.model.llama2c;

import dev.litestage.model.CheckpointException;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a llama2.c checkpoint ({@code run.c} format): a header of seven int32 values (dim, hidden
 * dim, layers, heads, KV heads, vocab size, max sequence length; a negative vocab size means the
 * classifier is not shared), then fp32 weights in a fixed order.
 *
 * <p>llama2.c rotates interleaved pairs {@code (2i, 2i+1)} of each head; the engine uses the
 * Hugging Face "rotate half" convention, so the query and key projections are permuted on load
 * (the same permutation Hugging Face's conversion script applies). Attention scores are unchanged.
 */
public final class Llama2cCheckpoint {

    private static final int HEADER_INTS = 7;

    private Llama2cCheckpoint() {
    }

    /** Loads {@code file}, validating its header and size. */
    public static ModelWeights load(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_INTS * 4L) {
                throw new CheckpointException(file, "truncated llama2.c checkpoint: " + size + " bytes, header needs 28");
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
            int dim = all.getInt();
            int hidden = all.getInt();
            int layers = all.getInt();
            int heads = all.getInt();
            int kvHeads = all.getInt();
            int vocabRaw = all.getInt();
            int seqLen = all.getInt();
            boolean shared = vocabRaw > 0;
            int vocab = Math.abs(vocabRaw);
            ModelConfig config;
            try {
                config = new ModelConfig(ModelConfig.LLAMA, dim, layers, heads, kvHeads, hidden, vocab, seqLen,
                        10000.0, 1e-5, shared, false);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file, "corrupt llama2.c header (dim=" + dim + ", hidden=" + hidden
                        + ", layers=" + layers + ", heads=" + heads + ", kv_heads=" + kvHeads + ", vocab=" + vocabRaw
                        + ", seq_len=" + seqLen + "): " + e.getMessage(), e);
            }
            long expected = expectedBytes(config, shared);
            if (size < expected) {
                throw new CheckpointException(file, "truncated llama2.c checkpoint: " + size + " bytes, the header ("
                        + describe(config) + ") needs " + expected);
            }
            if (size > expected) {
                throw new CheckpointException(file, "llama2.c checkpoint has " + (size - expected)
                        + " trailing bytes beyond what the header (" + describe(config) + ") describes");
            }
            FloatBuffer f = all.position(HEADER_INTS * 4).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            return read(config, f);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String describe(ModelConfig c) {
        return "dim " + c.hiddenSize() + ", " + c.layers() + " layers, vocab " + c.vocabSize();
    }

    private static long expectedBytes(ModelConfig c, boolean shared) {
        long d = c.hiddenSize();
        long l = c.layers();
        long kv = c.kvDim();
        long ff = c.intermediateSize();
        long floats = c.vocabSize() * d
                + l * d                       // rms_att
                + l * d * d + 2 * l * kv * d + l * d * d   // wq, wk, wv, wo
                + l * d                       // rms_ffn
                + 3 * l * ff * d              // w1, w2, w3
                + d                           // rms_final
                + (long) c.maxSeqLen() * c.headDim(); // freq_cis_real + imag (seq_len * head/2 each)
        if (!shared) {
            floats += c.vocabSize() * d;
        }
        return HEADER_INTS * 4L + floats * 4;
    }

    private static ModelWeights read(ModelConfig c, FloatBuffer f) {
        int d = c.hiddenSize();
        int l = c.layers();
        int kv = c.kvDim();
        int ff = c.intermediateSize();
        INDArray embedding = take(f, c.vocabSize(), d);
        INDArray[] attnNorm = perLayer(f, l, 1, d);
        INDArray[] wq = perLayer(f, l, d, d);
        INDArray[] wk = perLayer(f, l, kv, d);
        INDArray[] wv = perLayer(f, l, kv, d);
        INDArray[] wo = perLayer(f, l, d, d);
        INDArray[] mlpNorm = perLayer(f, l, 1, d);
        INDArray[] w1 = perLayer(f, l, ff, d);
        INDArray[] w2 = perLayer(f, l, d, ff);
        INDArray[] w3 = perLayer(f, l, ff, d);
        INDArray finalNorm = take(f, 1, d).reshape(d);
        f.position(f.position() + c.maxSeqLen() * c.headDim()); // precomputed RoPE tables, unused
        INDArray head = c.tiedEmbeddings() ? embedding.transpose().dup('c') : take(f, c.vocabSize(), d).transpose().dup('c');
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < l; i++) {
            layers.add(new LayerWeights(
                    attnNorm[i].reshape(d),
                    toRotateHalf(wq[i], c.heads(), c.headDim()).transpose().dup('c'),
                    toRotateHalf(wk[i], c.kvHeads(), c.headDim()).transpose().dup('c'),
                    wv[i].transpose().dup('c'),
                    wo[i].transpose().dup('c'),
                    null, null, null,
                    mlpNorm[i].reshape(d),
                    w1[i].transpose().dup('c'),
                    w3[i].transpose().dup('c'),
                    w2[i].transpose().dup('c')));
        }
        return new ModelWeights(c, embedding, layers, finalNorm, head);
    }

    /**
     * Reorders the output rows of a {@code [heads*headDim, in]} projection from interleaved pairs to
     * halves: within each head, new row {@code j} is old row {@code 2j} and new row
     * {@code j + headDim/2} is old row {@code 2j+1}.
     */
    static INDArray toRotateHalf(INDArray w, int heads, int headDim) {
        INDArray out = Nd4j.create(w.dataType(), w.shape());
        int half = headDim / 2;
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < half; j++) {
                out.putRow(h * headDim + j, w.getRow(h * headDim + 2L * j));
                out.putRow(h * headDim + half + j, w.getRow(h * headDim + 2L * j + 1));
            }
        }
        return out;
    }

    private static INDArray take(FloatBuffer f, int rows, int cols) {
        float[] a = new float[rows * cols];
        f.get(a);
        return Nd4j.create(a, new long[] {rows, cols}, 'c');
    }

    private static INDArray[] perLayer(FloatBuffer f, int layers, int rows, int cols) {
        INDArray[] out = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            out[i] = take(f, rows, cols);
        }
        return out;
    }
}
