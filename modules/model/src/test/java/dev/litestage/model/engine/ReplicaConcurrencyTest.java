package dev.litestage.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.litestage.model.Generation;
import dev.litestage.model.IdTokenizer;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.weights.ModelWeights;
import dev.litestage.model.weights.RandomWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Replicas share weights, run concurrently, and generate exactly what the original does. */
class ReplicaConcurrencyTest {

    private static final String[] MASKS = {"none", "attn:1", "mlp:0,3", "attn:0,2;mlp:1", "attn:3;mlp:2,3"};

    @Test
    void replicasDecodingConcurrentlyGenerateWhatTheOriginalGeneratesAlone() throws Exception {
        ModelWeights w = RandomWeights.of(EngineAgreementTest.LLAMA_GQA, 17, 0.3);
        SkippableDecoder original = SkippableDecoder.create(w, new IdTokenizer(40));
        List<int[]> expected = new ArrayList<>();
        for (int j = 0; j < 4 * MASKS.length; j++) {
            expected.add(generate(original, j).generatedIds());
        }
        SkippableDecoder a = original.replica();
        SkippableDecoder b = original.replica();
        assertNotSame(original, a);
        assertEquals(original.fingerprint(), a.fingerprint());

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<int[]>>> runs = new ArrayList<>();
            for (SkippableDecoder replica : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    List<int[]> out = new ArrayList<>();
                    for (int j = 0; j < 4 * MASKS.length; j++) {
                        out.add(generate(replica, j).generatedIds());
                    }
                    return out;
                }));
            }
            for (Future<List<int[]>> run : runs) {
                List<int[]> got = run.get();
                for (int j = 0; j < expected.size(); j++) {
                    assertArrayEquals(expected.get(j), got.get(j), "generation " + j + " (mask " + MASKS[j % MASKS.length] + ")");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Generation {@code j}: a prompt and mask that differ from one {@code j} to the next. */
    private static Generation generate(SkippableDecoder model, int j) {
        int[] prompt = {1, 3 + j % 30, 7, 11 + j % 20, 5};
        SkipMask mask = SkipMask.parse(MASKS[j % MASKS.length], 4);
        return model.generate(prompt, mask, 12, StopCondition.NEVER);
    }
}
