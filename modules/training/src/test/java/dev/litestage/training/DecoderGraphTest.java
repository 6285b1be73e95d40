package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.model.weights.ModelWeights;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training graph must compute what the inference engine computes, or a trained model would
 * behave differently once loaded.
 */
class DecoderGraphTest {

    private static final ModelConfig CONFIG = new ModelConfig(ModelConfig.LLAMA, 16, 2, 4, 2, 24, 30, 24,
            10_000, 1e-5, false, false);

    /** Random weights with non-trivial norms, so a misplaced norm weight would show. */
    private static ModelWeights weights() {
        ModelWeights w = InitialWeights.random(CONFIG, 5);
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        for (var layer : w.layers()) {
            layer.attnNorm().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(floats(r, 16)));
            layer.mlpNorm().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(floats(r, 16)));
        }
        w.finalNorm().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(floats(r, 16)));
        // 0.02-scale weights barely move logits; scale up so any wrong term changes the result
        w.layers().forEach(l -> List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.wGate(), l.wUp(), l.wDown()).forEach(m -> m.muli(20)));
        w.embedding().muli(20);
        w.lmHead().muli(20);
        return w;
    }

    private static float[] floats(java.util.SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.5 + r.nextDouble());
        }
        return out;
    }

    @Test
    void packedDocumentsGetTheEnginesLogitsAsIfAlone() {
        ModelWeights w = weights();
        int[] first = {1, 5, 9, 7, 2};
        int[] second = {1, 12, 4, 4, 29, 17, 8, 2};
        int[] third = {1, 6, 2};
        PackedBatch batch = PackedBatch.of(List.of(List.of(first, second), List.of(third)), CONFIG, CONFIG.maxSeqLen(), 3);
        DecoderGraph graph = DecoderGraph.create(w, CONFIG.maxSeqLen());
        INDArray logits = graph.logits(batch);
        SkippableDecoder engine = SkippableDecoder.create(w, new WordLevelTokenizer(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> i < 4 ? WordLevelTokenizer.SPECIALS.get(i) : " w" + i).toList()));

        assertMatches(engine.logits(first, SkipMask.none(2)), logits, 0);
        assertMatches(engine.logits(second, SkipMask.none(2)), logits, first.length);
        assertMatches(engine.logits(third, SkipMask.none(2)), logits, CONFIG.maxSeqLen());
    }

    @Test
    void aClosedGateComputesWhatTheEngineComputesWithThatSublayerSkipped() {
        ModelWeights w = weights();
        int[] doc = {1, 5, 9, 7, 12, 4, 2};
        PackedBatch batch = PackedBatch.of(List.of(List.of(doc)), CONFIG, CONFIG.maxSeqLen(), 3);
        DecoderGraph graph = DecoderGraph.create(w, CONFIG.maxSeqLen());
        java.util.Map<String, INDArray> in = batch.inputs();
        // layer 0's MLP and layer 1's attention left out
        in.put(DecoderGraph.SUBLAYER_GATES, org.nd4j.linalg.factory.Nd4j.createFromArray(new float[][] {{1, 0, 0, 1}}));
        INDArray gated = graph.sameDiff().output(in, DecoderGraph.LOGITS).get(DecoderGraph.LOGITS);
        SkippableDecoder engine = SkippableDecoder.create(w, new WordLevelTokenizer(
                java.util.stream.IntStream.range(0, 30).mapToObj(i -> i < 4 ? WordLevelTokenizer.SPECIALS.get(i) : " w" + i).toList()));

        assertMatches(engine.logits(doc, SkipMask.parse("mlp:0;attn:1", 2)), gated, 0);
        INDArray open = graph.logits(batch);
        assertTrue(open.sub(gated).norm1Number().doubleValue() > 1e-2, "closing gates must change the logits");
    }

    private static void assertMatches(float[][] expected, INDArray logits, int row) {
        double maxAbs = 0;
        for (int t = 0; t < expected.length; t++) {
            for (int v = 0; v < expected[t].length; v++) {
                double diff = Math.abs(expected[t][v] - logits.getDouble(row + t, v)) / Math.max(1, Math.abs(expected[t][v]));
                maxAbs = Math.max(maxAbs, diff);
            }
        }
        assertTrue(maxAbs < 1e-4, "max relative |engine - graph| = " + maxAbs);
    }

    @Test
    void lossIsTheMeanCrossEntropyOfNextTokensWithinDocuments() {
        ModelWeights w = weights();
        int[] first = {1, 5, 9, 7, 2};
        int[] second = {1, 12, 4, 2};
        PackedBatch batch = PackedBatch.of(List.of(List.of(first, second)), CONFIG, CONFIG.maxSeqLen(), 3);
        DecoderGraph graph = DecoderGraph.create(w, CONFIG.maxSeqLen());
        INDArray logits = graph.logits(batch);
        double sum = 0;
        int count = 0;
        int offset = 0;
        for (int[] doc : List.of(first, second)) {
            for (int i = 0; i + 1 < doc.length; i++) {
                INDArray row = logits.getRow(offset + i);
                double max = row.maxNumber().doubleValue();
                double logZ = max + Math.log(org.nd4j.linalg.ops.transforms.Transforms.exp(row.sub(max), false).sumNumber().doubleValue());
                sum += logZ - row.getDouble(doc[i + 1]);
                count++;
            }
            offset += doc.length;
        }
        assertEquals(sum / count, graph.loss(batch), 1e-4);
    }
}
