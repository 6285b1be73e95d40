package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.litestage.reasoning.Question;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default configuration's benchmark, as the shipped model is trained on it. */
class ReferenceCorpusTest {

    private static final TrainingConfig CONFIG = TrainingConfig.defaults();

    @Test
    void everyGeneratedDocumentRoundTripsThroughTheWrittenTokenizer(@TempDir Path dir) throws Exception {
        ReferenceCorpus reference = ReferenceCorpus.of(CONFIG);
        TrainingCorpus corpus = reference.corpus();
        WordLevelTokenizer tokenizer = corpus.tokenizer();
        Path file = dir.resolve("tokenizer.json");
        tokenizer.writeJson(file);

        List<String> texts = new ArrayList<>(corpus.documents());
        for (Question q : reference.testQuestions()) {
            texts.add(TinyWorld.document(q));
        }
        corpus.heldOut().forEach(q -> texts.add(TinyWorld.document(q)));
        assertEquals(CONFIG.trainQuestions() + CONFIG.devQuestions() + CONFIG.testQuestions(),
                texts.stream().filter(t -> t.contains("\nSummarize: ")).count());
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false"))) {
            for (String text : texts) {
                int[] ids = tokenizer.encode(text, false);
                assertTrue(java.util.Arrays.stream(ids).noneMatch(id -> id == 0), "no unknown piece in: " + text);
                assertEquals(text, tokenizer.decode(ids));
                long[] djlIds = djl.encode(text, false, false).getIds();
                assertArrayEquals(ids, java.util.Arrays.stream(djlIds).mapToInt(Math::toIntExact).toArray(), text);
                assertEquals(text, djl.decode(djlIds, true));
                assertTrue(ids.length + 2 <= CONFIG.maxSeqLen(), "BOS + document + EOS fits a row: " + text);
            }
        }
    }

    @Test
    void theSameSeedsGiveTheSameVocabularyAndTexts() {
        TrainingCorpus a = ReferenceCorpus.of(CONFIG).corpus();
        TrainingCorpus b = ReferenceCorpus.of(CONFIG).corpus();
        assertEquals(a.documents(), b.documents());
        assertEquals(a.tokenizer().toJson(), b.tokenizer().toJson());
        assertEquals(CONFIG.devQuestions(), a.heldOut().size());
        TrainingCorpus other = ReferenceCorpus.of(CONFIG.toBuilder().benchmarkSeed(CONFIG.benchmarkSeed() + 1).build()).corpus();
        assertTrue(!a.documents().equals(other.documents()), "another benchmark seed draws other questions");
    }
}
