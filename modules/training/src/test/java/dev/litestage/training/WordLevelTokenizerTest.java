package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerTest {

    private static final TrainingCorpus CORPUS = TinyWorld.corpus(40, 3);

    @Test
    void djlLoadsTheFileAndEncodesAndDecodesExactlyAsTheJavaTokenizer(@TempDir Path dir) throws Exception {
        WordLevelTokenizer tokenizer = CORPUS.tokenizer();
        Path file = dir.resolve("tokenizer.json");
        tokenizer.writeJson(file);
        try (HuggingFaceTokenizer djl = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false"))) {
            for (String doc : CORPUS.documents()) {
                Encoding enc = djl.encode(doc, false, false);
                int[] djlIds = java.util.Arrays.stream(enc.getIds()).mapToInt(Math::toIntExact).toArray();
                assertArrayEquals(tokenizer.encode(doc, false), djlIds, doc);
                assertEquals(doc, djl.decode(enc.getIds(), true), "DJL round trip");
                assertEquals(doc, tokenizer.decode(tokenizer.encode(doc, true)), "Java round trip");
            }
            assertEquals(0, djl.encode("zebra", false, false).getIds()[0], "unknown words map to <unk>");
        }
    }

    @Test
    void piecesCarryTheirLeadingSpaceAndPunctuation() {
        assertEquals(List.of("Which", " animal", " eats", " reeds?", "\n", "(A)", " fox", "\n", "Recall:", " the"),
                WordLevelTokenizer.split("Which animal eats reeds?\n(A) fox\nRecall: the"));
    }

    @Test
    void specialsComeFirstAndIdsDependOnlyOnTheSetOfTexts() {
        WordLevelTokenizer a = CORPUS.tokenizer();
        List<String> shuffled = new ArrayList<>(CORPUS.documents());
        Collections.shuffle(shuffled, new java.util.Random(9));
        WordLevelTokenizer b = new TrainingCorpus(shuffled, List.of(), List.of()).tokenizer();
        assertEquals(a.pieces(), b.pieces());
        assertEquals(a.toJson(), b.toJson());
        assertEquals(List.of("<unk>", "<s>", "</s>", "<pad>"), a.pieces().subList(0, 4));
        assertEquals(1, a.bosId());
        assertEquals(2, a.eosId());
        assertEquals(3, a.padId());
        assertTrue(a.id(" eats") > 3);
        int[] doc = a.encodeDocument("the fox eats reeds.");
        assertEquals(a.bosId(), doc[0]);
        assertEquals(a.eosId(), doc[doc.length - 1]);
    }

    @Test
    void textThatCannotRoundTripIsRejectedWithItsOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WordLevelTokenizerBuilder().add("the fox").add("the  fox"));
        assertTrue(e.getMessage().contains("text 1"), e.getMessage());
        assertTrue(e.getMessage().contains("character 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WordLevelTokenizerBuilder().add("tab\there"));
        assertThrows(IllegalArgumentException.class, () -> new WordLevelTokenizerBuilder().add("trailing "));
    }
}
