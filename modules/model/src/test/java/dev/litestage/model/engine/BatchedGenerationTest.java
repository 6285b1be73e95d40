package dev.litestage.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.BatchLimits;
import dev.litestage.model.Generation;
import dev.litestage.model.GenerationBatch;
import dev.litestage.model.GenerationRequest;
import dev.litestage.model.GenerationResult;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.IdTokenizer;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.weights.RandomWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batched generation gives every sequence what it gets alone: ragged prompts, per-row stops,
 * rows joining a running batch, reused prefixes, chunked prefill and tight limits.
 */
class BatchedGenerationTest {

    private static final ModelConfig LLAMA = EngineAgreementTest.LLAMA_GQA;

    private static int[] prompt(SplittableRandom random, int length, int vocab) {
        int[] ids = new int[length];
        ids[0] = 1;
        for (int i = 1; i < length; i++) {
            ids[i] = 3 + random.nextInt(vocab - 3);
        }
        return ids;
    }

    private static List<int[]> prompts(long seed, int count, int vocab) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prompt(random, 1 + random.nextInt(20), vocab));
        }
        return out;
    }

    static void assertSameGeneration(Generation alone, Generation batched, String what) {
        assertArrayEquals(alone.generatedIds(), batched.generatedIds(), what + ": tokens");
        assertEquals(alone.stop(), batched.stop(), what + ": stop reason");
        for (int t = 0; t < alone.tokens(); t++) {
            assertEquals(alone.confidences()[t], batched.confidences()[t], 1e-4, what + ": confidence " + t);
        }
    }

    private static void assertBatchMatchesAlone(SkippableDecoder engine, String spec, List<int[]> prompts, int budget) {
        SkipMask mask = SkipMask.parse(spec, engine.config().layers());
        List<GenerationRequest> requests = prompts.stream()
                .map(p -> GenerationRequest.of(p, budget, StopCondition.NEVER)).toList();
        List<GenerationResult> results = engine.generateAll(requests, mask);
        assertEquals(prompts.size(), results.size());
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(i, results.get(i).index());
            Generation alone = engine.generate(prompts.get(i), mask, budget, StopCondition.NEVER);
            assertSameGeneration(alone, results.get(i).orThrow(), spec + ", request " + i);
        }
    }

    @Test
    void raggedPromptsInOneBatchGenerateWhatEachGeneratesAlone() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 11, 0.08), new IdTokenizer(40));
        assertBatchMatchesAlone(engine, "none", prompts(1, 9, 40), 12);
        assertBatchMatchesAlone(engine, "attn:1;mlp:0,3", prompts(2, 9, 40), 12);
        assertBatchMatchesAlone(engine, "attn:0-3", prompts(3, 5, 40), 6);
    }

    @Test
    void attentionBiasesAndMultiHeadAttentionBatchToo() {
        SkippableDecoder qwen = SkippableDecoder.create(RandomWeights.of(EngineAgreementTest.QWEN2_GQA, 5, 0.08),
                new IdTokenizer(50));
        assertBatchMatchesAlone(qwen, "mlp:2", prompts(4, 7, 50), 10);
        SkippableDecoder mha = SkippableDecoder.create(RandomWeights.of(EngineAgreementTest.LLAMA_MHA, 13, 0.08),
                new IdTokenizer(40));
        assertBatchMatchesAlone(mha, "attn:0", prompts(5, 7, 40), 10);
    }

    @Test
    void tightLimitsChunkedPrefillAndFewRowsChangeNothing() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 17, 0.08), new IdTokenizer(40));
        List<int[]> prompts = prompts(6, 10, 40);
        SkipMask mask = SkipMask.parse("mlp:1", 4);
        List<GenerationRequest> requests = prompts.stream().map(p -> GenerationRequest.of(p, 9, StopCondition.NEVER)).toList();
        List<GenerationResult> wide = engine.generateAll(requests, mask);
        // 3 rows at a time, prefill 5 row-tokens per call (so prompts run in chunks), a cache bound that lets 2 rows in
        SkippableDecoder tight = engine.withBatchLimits(new BatchLimits(3, 2L * 40 * 2 * 4 * 16 * 4, 5));
        List<GenerationResult> narrow = tight.generateAll(requests, mask);
        for (int i = 0; i < prompts.size(); i++) {
            assertSameGeneration(wide.get(i).orThrow(), narrow.get(i).orThrow(), "request " + i);
        }
    }

    @Test
    void eachRowStopsOnItsOwnAndLeavesTheBatch() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 19, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.none(4);
        List<int[]> prompts = prompts(7, 4, 40);
        int[] stopAfter = {2, 100, 5, 100};
        int[] budgets = {20, 3, 20, 0};
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int limit = stopAfter[i];
            int[] seen = new int[1];
            requests.add(GenerationRequest.of(prompts.get(i), budgets[i], (id, c) -> ++seen[0] >= limit));
        }
        List<GenerationResult> results = engine.generateAll(requests, mask);
        assertEquals(Generation.StopReason.CONDITION, results.get(0).orThrow().stop());
        assertEquals(2, results.get(0).orThrow().tokens());
        assertEquals(Generation.StopReason.MAX_TOKENS, results.get(1).orThrow().stop());
        assertEquals(3, results.get(1).orThrow().tokens());
        assertEquals(5, results.get(2).orThrow().tokens());
        assertEquals(0, results.get(3).orThrow().tokens(), "a zero budget generates nothing");
        for (int i = 0; i < 3; i++) {
            Generation alone = engine.generate(prompts.get(i), mask, budgets[i], StopCondition.NEVER);
            int n = results.get(i).orThrow().tokens();
            assertArrayEquals(Arrays.copyOf(alone.generatedIds(), n), results.get(i).orThrow().generatedIds());
        }
    }

    @Test
    void rowsThatKeepDecodingAfterOthersLeaveGenerateWhatTheyGenerateAlone() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 37, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.parse("mlp:2", 4);
        List<int[]> prompts = prompts(10, 8, 40);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) { // budgets 2, 4, ..., 16: rows leave one after another
            requests.add(GenerationRequest.of(prompts.get(i), 2 + 2 * ((i * 5) % 8), StopCondition.NEVER));
        }
        List<GenerationResult> results = engine.generateAll(requests, mask);
        for (int i = 0; i < prompts.size(); i++) {
            GenerationRequest r = requests.get(i);
            assertSameGeneration(engine.generate(r.promptIds(), mask, r.maxNewTokens(), StopCondition.NEVER),
                    results.get(i).orThrow(), "request " + i + " (budget " + r.maxNewTokens() + ")");
        }
    }

    @Test
    void sequencesJoiningARunningBatchGenerateWhatTheyGenerateAlone() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 23, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.parse("attn:2", 4);
        List<int[]> prompts = prompts(8, 6, 40);
        GenerationBatch batch = engine.batch(mask);
        GenerationResult[] results = new GenerationResult[prompts.size()];
        batch.join(0, GenerationRequest.of(prompts.get(0), 14, StopCondition.NEVER), r -> results[r.index()] = r);
        batch.join(1, GenerationRequest.of(prompts.get(1), 14, StopCondition.NEVER), r -> results[r.index()] = r);
        int steps = 0;
        int next = 2;
        while (!batch.isIdle() || next < prompts.size()) {
            if (steps % 3 == 2 && next < prompts.size()) { // join while others decode
                int i = next++;
                batch.join(i, GenerationRequest.of(prompts.get(i), 14, StopCondition.NEVER), r -> results[r.index()] = r);
                assertTrue(batch.rows() > 0 || steps > 40, "joining a batch that is decoding");
            }
            batch.step();
            steps++;
        }
        for (int i = 0; i < prompts.size(); i++) {
            assertSameGeneration(engine.generate(prompts.get(i), mask, 14, StopCondition.NEVER), results[i].orThrow(),
                    "request " + i);
        }
    }

    @Test
    void sessionsReuseTheirPrefixesInsideABatch() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 29, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.parse("mlp:0", 4);
        List<int[]> firsts = prompts(9, 5, 40);
        List<GenerationSession> sessions = new ArrayList<>();
        List<GenerationRequest> first = new ArrayList<>();
        for (int[] p : firsts) {
            GenerationSession s = engine.session();
            sessions.add(s);
            first.add(GenerationRequest.of(p, 4, StopCondition.NEVER).inSession(s));
        }
        List<GenerationResult> round1 = engine.generateAll(first, mask);
        List<GenerationRequest> second = new ArrayList<>();
        List<int[]> nextPrompts = new ArrayList<>();
        for (int i = 0; i < firsts.size(); i++) {
            Generation g = round1.get(i).orThrow();
            int[] next = Arrays.copyOf(firsts.get(i), firsts.get(i).length + g.tokens() + 2 + i);
            System.arraycopy(g.generatedIds(), 0, next, firsts.get(i).length, g.tokens());
            for (int k = firsts.get(i).length + g.tokens(); k < next.length; k++) {
                next[k] = 5 + k % 30;
            }
            nextPrompts.add(next);
            second.add(GenerationRequest.of(next, 5, StopCondition.NEVER).inSession(sessions.get(i)));
        }
        List<GenerationResult> round2 = engine.generateAll(second, mask);
        for (int i = 0; i < firsts.size(); i++) {
            Generation g = round2.get(i).orThrow();
            int expectedReuse = firsts.get(i).length + round1.get(i).orThrow().tokens() - 1;
            assertEquals(expectedReuse, g.reusedPromptTokens(), "request " + i + " reuses its session's prefix");
            assertSameGeneration(engine.generate(nextPrompts.get(i), mask, 5, StopCondition.NEVER), g, "request " + i);
        }
    }

    @Test
    void aBadRequestFailsAloneAndNamesItself() {
        SkippableDecoder engine = SkippableDecoder.create(RandomWeights.of(LLAMA, 31, 0.08), new IdTokenizer(40));
        SkipMask mask = SkipMask.none(4);
        int[] good = {1, 5, 9};
        List<GenerationRequest> requests = List.of(
                GenerationRequest.of(good, 4, StopCondition.NEVER),
                GenerationRequest.of(new int[LLAMA.maxSeqLen() + 1], 4, StopCondition.NEVER),
                GenerationRequest.of(new int[0], 4, StopCondition.NEVER),
                GenerationRequest.of(new int[] {1, 99}, 4, StopCondition.NEVER),
                GenerationRequest.of(good, 4, StopCondition.NEVER));
        List<GenerationResult> results = engine.generateAll(requests, mask);
        assertTrue(results.get(0).ok());
        assertTrue(results.get(4).ok());
        assertFalse(results.get(1).ok());
        assertTrue(results.get(1).error().contains("request 1 of 5") && results.get(1).error().contains("context is 64"),
                results.get(1).error());
        assertTrue(results.get(2).error().contains("request 2 of 5") && results.get(2).error().contains("empty"),
                results.get(2).error());
        assertTrue(results.get(3).error().contains("token id 99"), results.get(3).error());
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> results.get(1).orThrow());
        assertEquals(results.get(1).error(), thrown.getMessage());
        assertSameGeneration(engine.generate(good, mask, 4, StopCondition.NEVER), results.get(4).orThrow(), "good request");

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> engine.generateAll(List.of(), mask));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> new BatchLimits(0, 1, 1));
        assertTrue(rows.getMessage().contains("batch size"), rows.getMessage());
        assertThrows(IllegalArgumentException.class, () -> engine.generateAll(List.of(requests.get(0)), SkipMask.none(3)));
    }
}
