package dev.litestage.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptFormatTest {

    static final Question QUESTION = new Question("q1", "Which of these gives off its own light?",
            Question.labelled(List.of("a mirror", "the sun", "the moon", "a window")), "B");

    static final String BLOCK = "Which of these gives off its own light?\n"
            + "(A) a mirror (B) the sun (C) the moon (D) a window";
    static final String RECALL = "The sun is a star that makes light.";
    static final List<String> PIECES = List.of("a mirror only reflects light.", "the sun is a star.",
            "the moon reflects sunlight.", "a window lets light through.");
    static final String ANALYZE = "For option A, a mirror only reflects light. For option B, the sun is a star."
            + " For option C, the moon reflects sunlight. For option D, a window lets light through.";
    static final String SUMMARY = "So the answer is option B.";

    private final List<StageSpec> stages = MultiStagePipeline.standardStages();
    private final StageSpec recall = stages.get(0);
    private final StageSpec analyze = stages.get(1);
    private final StageSpec summarize = stages.get(2);
    private final List<String> labels = List.of("A", "B", "C", "D");

    @Test
    void questionBlockListsOptionsOnOneLine() {
        assertEquals(BLOCK, PromptFormat.questionBlock(QUESTION));
    }

    @Test
    void everyStagePromptEndsRightAfterItsPrefix() {
        String afterRecall = BLOCK + "\nRecall: " + RECALL;
        assertEquals(BLOCK + "\nRecall:", PromptFormat.stagePrompt(BLOCK, recall));
        assertEquals(afterRecall, PromptFormat.withStage(BLOCK, recall, RECALL));

        assertEquals(afterRecall + "\nAnalyze: For option A,",
                PromptFormat.optionPrompt(afterRecall, analyze, labels, List.of()));
        assertEquals(afterRecall + "\nAnalyze: For option A, a mirror only reflects light. For option B,",
                PromptFormat.optionPrompt(afterRecall, analyze, labels, PIECES.subList(0, 1)));
        assertEquals(afterRecall + "\nAnalyze: For option A, a mirror only reflects light. For option B,"
                        + " the sun is a star. For option C,",
                PromptFormat.optionPrompt(afterRecall, analyze, labels, PIECES.subList(0, 2)));
        assertEquals(afterRecall + "\nAnalyze: For option A, a mirror only reflects light. For option B,"
                        + " the sun is a star. For option C, the moon reflects sunlight. For option D,",
                PromptFormat.optionPrompt(afterRecall, analyze, labels, PIECES.subList(0, 3)));
        assertEquals(ANALYZE, PromptFormat.optionText(analyze, labels, PIECES));

        String afterAnalyze = PromptFormat.withStage(afterRecall, analyze, ANALYZE);
        assertEquals(afterRecall + "\nAnalyze: " + ANALYZE, afterAnalyze);
        assertEquals(afterAnalyze + "\nSummarize:", PromptFormat.stagePrompt(afterAnalyze, summarize));
    }

    @Test
    void documentMatchesTheLiteratureFormatByteForByte() {
        String expected = "Which of these gives off its own light?\n"
                + "(A) a mirror (B) the sun (C) the moon (D) a window\n"
                + "Recall: The sun is a star that makes light.\n"
                + "Analyze: For option A, a mirror only reflects light. For option B, the sun is a star."
                + " For option C, the moon reflects sunlight. For option D, a window lets light through.\n"
                + "Summarize: So the answer is option B.";
        assertEquals(expected, PromptFormat.document(QUESTION, stages,
                Map.of("recall", RECALL, "analyze", ANALYZE, "summarize", SUMMARY)));
    }

    @Test
    void emptyTextsLeaveNoDanglingSpace() {
        assertEquals(BLOCK + "\nRecall:", PromptFormat.withStage(BLOCK, recall, ""));
        assertEquals(BLOCK + "\nAnalyze: For option A, For option B,",
                PromptFormat.optionPrompt(BLOCK, analyze, labels, List.of("")));
    }

    @Test
    void missingStageTextAndSurplusPiecesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PromptFormat.document(QUESTION, stages, Map.of("recall", RECALL)));
        assertEquals("question q1: no text for stage 'analyze'", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PromptFormat.optionPrompt(BLOCK, analyze, labels, PIECES));
    }
}
