package dev.litestage.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Generation;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.IdTokenizer;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.weights.RandomWeights;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Prefix reuse within a session gives what a fresh generation gives, and reuses only what it may. */
class GenerationSessionTest {

    private static final int[] FIRST = {1, 7, 13, 22, 5, 31, 9, 17};

    /** {@code first} and what it generated, then {@code tail}: the shape of a per-option stage's next prompt. */
    private static int[] continuing(int[] first, Generation g, int... tail) {
        int[] out = Arrays.copyOf(first, first.length + g.tokens() + tail.length);
        System.arraycopy(g.generatedIds(), 0, out, first.length, g.tokens());
        System.arraycopy(tail, 0, out, first.length + g.tokens(), tail.length);
        return out;
    }

    private static void assertSameOutput(Generation expected, Generation actual) {
        assertArrayEquals(expected.generatedIds(), actual.generatedIds());
        for (int t = 0; t < expected.tokens(); t++) {
            assertEquals(expected.confidences()[t], actual.confidences()[t], 1e-4, "confidence of token " + t);
        }
    }

    private static void assertReuseMatchesFreshGeneration(ModelConfig config, long seed, String spec) {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(config, seed, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.parse(spec, config.layers());
        GenerationSession session = engine.session();
        Generation first = session.generate(FIRST, mask, 5, StopCondition.NEVER);
        assertEquals(0, first.reusedPromptTokens(), "a new session has nothing to reuse");
        assertSameOutput(engine.generate(FIRST, mask, 5, StopCondition.NEVER), first);

        int[] next = continuing(FIRST, first, 11, 4, 29);
        Generation second = session.generate(next, mask, 6, StopCondition.NEVER);
        // the prompt and every generated token but the last were run; the last was never fed back
        assertEquals(FIRST.length + first.tokens() - 1, second.reusedPromptTokens(), spec);
        assertEquals(next.length - second.reusedPromptTokens(), second.prefilledTokens());
        assertSameOutput(engine.generate(next, mask, 6, StopCondition.NEVER), second);
    }

    @Test
    void aPromptExtendingTheLastGenerationPrefillsOnlyItsNewTokensAndGeneratesTheSame() {
        assertReuseMatchesFreshGeneration(EngineAgreementTest.LLAMA_GQA, 11, "none");
        assertReuseMatchesFreshGeneration(EngineAgreementTest.LLAMA_GQA, 11, "attn:1;mlp:0,3");
    }

    @Test
    void reuseWorksWithAttentionBiases() {
        assertReuseMatchesFreshGeneration(EngineAgreementTest.QWEN2_GQA, 5, "mlp:2");
    }

    @Test
    void aPromptThatDivergesReusesOnlyTheCommonPrefix() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(EngineAgreementTest.LLAMA_GQA, 3, 0.08),
                new IdTokenizer(40));
        SkipMask mask = SkipMask.none(4);
        GenerationSession session = engine.session();
        session.generate(FIRST, mask, 4, StopCondition.NEVER);
        int[] diverging = FIRST.clone();
        diverging[5] = 30; // differs from position 5 on
        Generation g = session.generate(diverging, mask, 4, StopCondition.NEVER);
        assertEquals(5, g.reusedPromptTokens());
        assertSameOutput(engine.generate(diverging, mask, 4, StopCondition.NEVER), g);

        // a prompt inside what was run still prefills its last token, which yields the first logits
        int[] shorter = Arrays.copyOf(diverging, 4);
        Generation inside = session.generate(shorter, mask, 4, StopCondition.NEVER);
        assertEquals(3, inside.reusedPromptTokens());
        assertSameOutput(engine.generate(shorter, mask, 4, StopCondition.NEVER), inside);
    }

    @Test
    void anotherMaskReusesNothing() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(EngineAgreementTest.LLAMA_GQA, 7, 0.08),
                new IdTokenizer(40));
        GenerationSession session = engine.session();
        Generation first = session.generate(FIRST, SkipMask.none(4), 3, StopCondition.NEVER);
        int[] next = continuing(FIRST, first, 2);
        SkipMask other = SkipMask.parse("mlp:1", 4);
        Generation g = session.generate(next, other, 3, StopCondition.NEVER);
        assertEquals(0, g.reusedPromptTokens(), "keys and values under another mask differ");
        assertSameOutput(engine.generate(next, other, 3, StopCondition.NEVER), g);
        assertTrue(g.prefilledTokens() == next.length);
    }
}
