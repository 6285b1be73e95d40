package dev.litestage.search.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Sublayer;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.search.FakeLanguageModel;
import dev.litestage.search.cost.PhaseCost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SublayerImportanceTest {

    @TempDir
    Path dir;

    /**
     * Similarity by prompt length: 3-token prompts (BOS + 2 words) and 5-token prompts answer
     * different known values, so the token weighting is visible.
     */
    private static FakeLanguageModel model() {
        return new FakeLanguageModel(2, ids -> switch (ids.length) {
            case 3 -> new SublayerSimilarity(new double[] {0.9, 0.5}, new double[] {0.7, 0.1}, 3);
            case 5 -> new SublayerSimilarity(new double[] {0.1, 0.9}, new double[] {0.3, 0.5}, 5);
            default -> throw new IllegalArgumentException("unexpected prompt of " + ids.length + " tokens");
        }, PhaseCost.of(0, 0, 0), PhaseCost.of(0, 0, 0));
    }

    private static StageOutcome outcome(String stage, String prompt) {
        return new StageOutcome(stage, prompt, "text", 3, 1, 0, 1, 1, 4);
    }

    @Test
    void stagePromptsOfFullModelRunsAreEncodedWithBosAndTokenWeighted() {
        FakeLanguageModel model = model();
        List<ReasoningResult> runs = List.of(
                new ReasoningResult("q1", "A", "A", List.of(outcome("recall", "two words"),
                        outcome("analyze", "four words in here")), 10),
                new ReasoningResult("q2", "B", "A", List.of(outcome("recall", "four more words here"),
                        outcome("analyze", "also two")), 10));
        SublayerImportance importance = SublayerImportance.measure(model, runs);

        assertEquals(List.of("recall", "analyze"), importance.stageNames());
        assertEquals(4, model.similarityCalls().size());
        assertTrue(model.similarityCalls().stream().allMatch(ids -> ids[0] == 1), "every prompt starts with BOS");
        // each stage saw one 3-id prompt and one 5-id prompt: weights 3/8 and 5/8
        for (String stage : List.of("recall", "analyze")) {
            SublayerSimilarity s = importance.similarity(stage);
            assertArrayEquals(new double[] {3.0 / 8 * 0.9 + 5.0 / 8 * 0.1, 3.0 / 8 * 0.5 + 5.0 / 8 * 0.9},
                    s.attention(), 1e-12);
            assertArrayEquals(new double[] {3.0 / 8 * 0.7 + 5.0 / 8 * 0.3, 3.0 / 8 * 0.1 + 5.0 / 8 * 0.5},
                    s.mlp(), 1e-12);
            assertEquals(8, s.tokens());
        }
    }

    /** recall and analyze with known similarities over 2 layers. */
    private static SublayerImportance known() {
        Map<String, SublayerSimilarity> stages = new LinkedHashMap<>();
        stages.put("recall", new SublayerSimilarity(new double[] {0.2, 0.9}, new double[] {0.6, 0.4}, 10));
        stages.put("analyze", new SublayerSimilarity(new double[] {0.8, 0.1}, new double[] {0.6, 0.3}, 20));
        return new SublayerImportance(stages);
    }

    @Test
    void rankingPutsTheMostSimilarSublayersFirstPerStageAndAccumulated() {
        SublayerImportance importance = known();
        assertEquals(List.of(Sublayer.attention(1), Sublayer.mlp(0), Sublayer.mlp(1), Sublayer.attention(0)),
                importance.ranking("recall"));
        assertEquals(List.of(Sublayer.attention(0), Sublayer.mlp(0), Sublayer.mlp(1), Sublayer.attention(1)),
                importance.ranking("analyze"));
        // accumulated means: attn:0 0.5, mlp:0 0.6, attn:1 0.5, mlp:1 0.35; the tie keeps execution order
        assertArrayEquals(new double[] {0.5, 0.5}, importance.accumulated().attention(), 1e-12);
        assertEquals(List.of(Sublayer.mlp(0), Sublayer.attention(0), Sublayer.attention(1), Sublayer.mlp(1)),
                importance.ranking());
    }

    @Test
    void csvHoldsOneRowPerSublayerInRankOrderAndReadsBack() throws IOException {
        SublayerImportance importance = known();
        Path file = dir.resolve("out/importance.csv");
        ImportanceCsv.write(importance, file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(
                "stage,sublayer,layer,kind,similarity,rank",
                "recall,attn:1,1,attn,0.9,1",
                "recall,mlp:0,0,mlp,0.6,2",
                "recall,mlp:1,1,mlp,0.4,3",
                "recall,attn:0,0,attn,0.2,4",
                "analyze,attn:0,0,attn,0.8,1",
                "analyze,mlp:0,0,mlp,0.6,2",
                "analyze,mlp:1,1,mlp,0.3,3",
                "analyze,attn:1,1,attn,0.1,4",
                "all,mlp:0,0,mlp,0.6,1",
                "all,attn:0,0,attn,0.5,2",
                "all,attn:1,1,attn,0.5,3",
                "all,mlp:1,1,mlp,0.35,4"), lines);
        SublayerImportance read = ImportanceCsv.read(file);
        assertEquals(importance.stageNames(), read.stageNames());
        assertEquals(importance.ranking("recall"), read.ranking("recall"));
        assertEquals(importance.ranking(), read.ranking());
    }

    @Test
    void badCsvValueFailsNamingFileLineAndField() throws IOException {
        Path file = dir.resolve("importance.csv");
        Files.writeString(file, "stage,sublayer,layer,kind,similarity,rank\n"
                + "recall,attn:0,0,attn,0.5,1\n"
                + "recall,mlp:0,0,mlp,high,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportanceCsv.read(file));
        assertEquals(file + " line 3: field similarity: expected a finite number, found 'high'", e.getMessage());
    }

    @Test
    void nonFiniteSimilarityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SublayerImportance(Map.of("recall",
                new SublayerSimilarity(new double[] {Double.NaN}, new double[] {0.5}, 1))));
        assertThrows(IllegalArgumentException.class, () -> new SublayerImportance(Map.of(SublayerImportance.ACCUMULATED,
                new SublayerSimilarity(new double[] {0.5}, new double[] {0.5}, 1))));
    }
}
