package dev.litestage.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Generation;
import dev.litestage.model.IdTokenizer;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.ReferenceTransformer;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import dev.litestage.model.weights.RandomWeights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SameDiff engine against the independent plain-Java reference, and skip semantics. */
class EngineAgreementTest {

    static final ModelConfig LLAMA_GQA = new ModelConfig(ModelConfig.LLAMA, 32, 4, 4, 2, 48, 40, 64, 10000, 1e-5, false, false);
    static final ModelConfig QWEN2_GQA = new ModelConfig(ModelConfig.QWEN2, 48, 3, 6, 2, 64, 50, 64, 1_000_000, 1e-6, true, true);
    static final ModelConfig LLAMA_MHA = new ModelConfig(ModelConfig.LLAMA, 32, 2, 4, 4, 48, 40, 64, 10000, 1e-5, false, false);
    static final int[] IDS = {1, 7, 13, 22, 5, 31, 9, 17, 3, 25};

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int v = 0; v < a[t].length; v++) {
                max = Math.max(max, Math.abs(a[t][v] - b[t][v]));
            }
        }
        return max;
    }

    /** The engine's prefill logits agree with the reference's under each mask. */
    static void assertPrefillAgrees(SkippableDecoder engine, ReferenceTransformer reference, String... specs) {
        for (String spec : specs) {
            SkipMask mask = SkipMask.parse(spec, engine.config().layers());
            double diff = maxDifference(engine.logits(IDS, mask), reference.logits(IDS, mask));
            assertTrue(diff <= 1e-4, spec + ": max |logit difference| " + diff);
        }
    }

    /** Each token of the engine's cached decoding is the argmax of the reference over the sequence so far. */
    static void assertDecodingAgrees(SkippableDecoder engine, ReferenceTransformer reference, String... specs) {
        for (String spec : specs) {
            SkipMask mask = SkipMask.parse(spec, engine.config().layers());
            Generation g = engine.generate(IDS, mask, 6, StopCondition.NEVER);
            assertTrue(g.tokens() > 0, spec + ": generated nothing to compare");
            int[] sequence = java.util.Arrays.copyOf(IDS, IDS.length + g.tokens());
            System.arraycopy(g.generatedIds(), 0, sequence, IDS.length, g.tokens());
            for (int t = 0; t < g.tokens(); t++) {
                float[][] ref = reference.logits(java.util.Arrays.copyOf(sequence, IDS.length + t), mask);
                assertEquals(SkippableDecoder.argmax(ref[ref.length - 1]), g.generatedIds()[t], spec + ": token " + t);
            }
        }
    }

    @Test
    void llamaWithGroupedQueryAttentionAgreesWithTheReferenceWithAndWithoutSkipping() {
        ModelWeights w = RandomWeights.of(LLAMA_GQA, 11, 0.08);
        assertPrefillAgrees(SkippableDecoder.create(w, new IdTokenizer(40)), new ReferenceTransformer(w),
                "none", "attn:1", "mlp:0,3", "attn:0,2;mlp:1", "attn:0-3;mlp:2");
    }

    @Test
    void multiHeadAttentionWithOneQueryHeadPerKvHeadAgreesWithTheReferenceWhenDecoding() {
        ModelWeights w = RandomWeights.of(LLAMA_MHA, 13, 0.08);
        SkippableDecoder engine = SkippableDecoder.create(w, new IdTokenizer(40));
        ReferenceTransformer reference = new ReferenceTransformer(w);
        assertPrefillAgrees(engine, reference, "none", "attn:0;mlp:1");
        assertDecodingAgrees(engine, reference, "none", "attn:0;mlp:1");
    }

    @Test
    void qwen2WithBiasesAndTiedHeadAgreesWithTheReferenceInPrefillAndDecoding() {
        ModelWeights w = RandomWeights.of(QWEN2_GQA, 5, 0.08);
        SkippableDecoder engine = SkippableDecoder.create(w, new IdTokenizer(50));
        ReferenceTransformer reference = new ReferenceTransformer(w);
        assertPrefillAgrees(engine, reference, "none", "attn:2;mlp:0");
        assertDecodingAgrees(engine, reference, "none", "attn:2;mlp:0");
    }

    @Test
    void skippingBothSublayersOfALayerEqualsRemovingTheLayer() {
        ModelWeights w = RandomWeights.of(LLAMA_GQA, 3, 0.08);
        SkippableDecoder engine = SkippableDecoder.create(w, new IdTokenizer(40));
        List<LayerWeights> without = new ArrayList<>(w.layers());
        without.remove(2);
        ModelConfig c = LLAMA_GQA;
        ModelConfig smaller = new ModelConfig(c.architecture(), c.hiddenSize(), c.layers() - 1, c.heads(), c.kvHeads(),
                c.intermediateSize(), c.vocabSize(), c.maxSeqLen(), c.ropeTheta(), c.rmsNormEps(), c.tiedEmbeddings(),
                c.attentionBias());
        SkippableDecoder removed = SkippableDecoder.create(
                new ModelWeights(smaller, w.embedding(), without, w.finalNorm(), w.lmHead()), new IdTokenizer(40));
        float[][] skipped = engine.logits(IDS, SkipMask.parse("attn:2;mlp:2", 4));
        float[][] smallerModel = removed.logits(IDS, SkipMask.none(3));
        assertEquals(0.0, maxDifference(skipped, smallerModel), 1e-6);
        assertTrue(maxDifference(skipped, engine.logits(IDS, SkipMask.none(4))) > 1e-3, "skipping must change the output");
    }

    @Test
    void cachedDecodeEqualsFullRecomputationForTheSameMask() {
        ModelWeights w = RandomWeights.of(LLAMA_GQA, 17, 0.08);
        SkippableDecoder engine = SkippableDecoder.create(w, new IdTokenizer(40));
        for (String spec : new String[] {"none", "attn:1,3;mlp:0"}) {
            SkipMask mask = SkipMask.parse(spec, 4);
            int[] prompt = {1, 9, 4, 30};
            Generation g = engine.generate(prompt, mask, 12, StopCondition.NEVER);
            int[] all = new int[prompt.length + g.tokens()];
            System.arraycopy(prompt, 0, all, 0, prompt.length);
            System.arraycopy(g.generatedIds(), 0, all, prompt.length, g.tokens());
            float[][] full = engine.logits(all, mask);
            for (int i = 0; i < g.tokens(); i++) {
                float[] row = full[prompt.length - 1 + i];
                int argmax = SkippableDecoder.argmax(row);
                assertEquals(argmax, g.generatedIds()[i], spec + ": token " + i);
                assertEquals(SkippableDecoder.maxProbability(row, argmax), g.confidences()[i], 1e-4, spec + ": confidence " + i);
            }
        }
    }

    @Test
    void stopConditionEndsDecodingAndIsReported() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA_GQA, 17, 0.08), new IdTokenizer(40));
        int[] seen = new int[1];
        Generation g = engine.generate(new int[] {1, 9}, SkipMask.none(4), 20, (id, conf) -> ++seen[0] == 3);
        assertEquals(3, g.tokens());
        assertEquals(Generation.StopReason.CONDITION, g.stop());
        Generation limited = engine.generate(new int[] {1, 9}, SkipMask.none(4), 5, StopCondition.NEVER);
        assertTrue(limited.tokens() <= 5);
        assertArrayEquals(java.util.Arrays.copyOf(g.generatedIds(), 3), java.util.Arrays.copyOf(limited.generatedIds(), 3));
    }

    @Test
    void similarityIsOneMinusTheChangeEachSublayerMakes() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA_GQA, 2, 0.08), new IdTokenizer(40));
        SublayerSimilarity s = engine.similarity(IDS);
        assertEquals(4, s.layers());
        assertEquals(IDS.length, s.tokens());
        for (int l = 0; l < 4; l++) {
            assertTrue(s.attention()[l] > -1 && s.attention()[l] < 1, "attention similarity in (-1, 1)");
            assertTrue(s.mlp()[l] > -1 && s.mlp()[l] < 1, "mlp similarity in (-1, 1)");
        }
    }
}
