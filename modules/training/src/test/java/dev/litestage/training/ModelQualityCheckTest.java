package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import dev.litestage.reasoning.Question;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ModelQualityCheckTest {

    private static final List<Question> QUESTIONS = TinyWorld.questions(6, 21);
    private static final WordLevelTokenizer TOKENIZER = new WordLevelTokenizerBuilder()
            .addAll(QUESTIONS.stream().map(TinyWorld::document).toList()).build();

    /** A language model whose next token is whatever {@code next} says for the ids so far. */
    private static LanguageModel model(Function<int[], Integer> next) {
        ModelConfig config = new ModelConfig(ModelConfig.LLAMA, 8, 1, 2, 1, 8, TOKENIZER.vocabSize(), 256, 10_000,
                1e-5, false, false);
        return new LanguageModel() {
            @Override
            public ModelConfig config() {
                return config;
            }

            @Override
            public Tokenizer tokenizer() {
                return TOKENIZER;
            }

            @Override
            public String fingerprint() {
                return "test";
            }

            @Override
            public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
                List<Integer> out = new ArrayList<>();
                int[] ids = promptIds;
                Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
                while (out.size() < maxNewTokens) {
                    int id = next.apply(ids);
                    if (id == TOKENIZER.eosId()) {
                        reason = Generation.StopReason.EOS;
                        break;
                    }
                    out.add(id);
                    ids = Arrays.copyOf(ids, ids.length + 1);
                    ids[ids.length - 1] = id;
                    if (stop.shouldStop(id, 1f)) {
                        reason = Generation.StopReason.CONDITION;
                        break;
                    }
                }
                float[] confidences = new float[out.size()];
                Arrays.fill(confidences, 1f);
                return new Generation(promptIds, out.stream().mapToInt(Integer::intValue).toArray(), confidences,
                        reason, 0, 0);
            }

            @Override
            public float[][] logits(int[] ids, SkipMask mask) {
                float[][] out = new float[ids.length][TOKENIZER.vocabSize()];
                for (int t = 0; t < ids.length; t++) {
                    out[t][next.apply(Arrays.copyOf(ids, t + 1))] = 1f;
                }
                return out;
            }

            @Override
            public SublayerSimilarity similarity(int[] ids) {
                throw new UnsupportedOperationException();
            }
        };
    }

    /** Continues any prefix of a gold document with the document's next token (EOS at its end). */
    private static int oracle(int[] ids) {
        for (Question q : QUESTIONS) {
            int[] gold = TOKENIZER.encodeDocument(TinyWorld.document(q));
            if (ids.length < gold.length && Arrays.equals(gold, 0, ids.length, ids, 0, ids.length)) {
                return gold[ids.length];
            }
        }
        return TOKENIZER.eosId();
    }

    @Test
    void aModelThatKnowsTheDocumentsScoresPerfectly() {
        ModelQualityCheck.Report report = ModelQualityCheck.run(model(ModelQualityCheckTest::oracle), QUESTIONS, 4);
        assertEquals(6, report.documents());
        // question tokens are a guess even for the oracle (documents share prefixes); stage texts are not
        assertTrue(report.teacherForcedAccuracy() > 0.9 && report.teacherForcedAccuracy() < 1.0);
        assertEquals(3, report.teacherForcedByStage().size());
        report.teacherForcedByStage().values().forEach(v -> assertEquals(1.0, v));
        assertEquals(4, report.questions());
        assertEquals(1.0, report.pipelineAccuracy());
        report.exactByStage().values().forEach(v -> assertEquals(1.0, v));
        assertEquals(1.0, report.summarizeFromGold());
    }

    @Test
    void aModelThatOnlyEndsDocumentsGetsOnlyTheEndOfSequenceRight() {
        ModelQualityCheck.Report report = ModelQualityCheck.run(model(ids -> TOKENIZER.eosId()), QUESTIONS, 6);
        long targets = QUESTIONS.stream().mapToLong(q -> TOKENIZER.encodeDocument(TinyWorld.document(q)).length - 1).sum();
        assertEquals((double) QUESTIONS.size() / targets, report.teacherForcedAccuracy(), 1e-12);
        report.teacherForcedByStage().values().forEach(v -> assertEquals(0.0, v));
        assertEquals(0.0, report.pipelineAccuracy());
        assertEquals(0.0, report.summarizeFromGold());
    }
}
