package dev.litestage.reasoning;

import static dev.litestage.reasoning.PromptFormatTest.BLOCK;
import static dev.litestage.reasoning.PromptFormatTest.QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Generation;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import dev.litestage.reasoning.fake.WordTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiStagePipelineTest {

    private static final int LAYERS = 4;

    /** A model that reasons its way to option B, continuing past every stop string it should obey. */
    private static ScriptedLanguageModel scriptedModel() {
        return new ScriptedLanguageModel()
                .reply("\nRecall:", " The sun is a star that makes light.\nAnalyze: For option A, junk")
                .reply("For option A,", " a mirror only reflects light. For option B, junk")
                .reply("For option B,", " the sun is a star.\nSummarize: junk")
                .reply("For option C,", " the moon reflects sunlight. Summarize: junk")
                .reply("For option D,", " a window lets light through.")
                .reply("\nSummarize:", " So the answer is option B.\nWhich of these")
                ;
    }

    private static final String AFTER_RECALL = BLOCK + "\nRecall: The sun is a star that makes light.";
    private static final String ANALYZE_LINE = "\nAnalyze: For option A, a mirror only reflects light."
            + " For option B, the sun is a star. For option C, the moon reflects sunlight."
            + " For option D, a window lets light through.";

    @Test
    void runsEveryStageWithExactPromptsAndParsesTheAnswer() {
        ScriptedLanguageModel model = scriptedModel();
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));

        List<String> prompts = model.calls().stream().map(ScriptedLanguageModel.Call::prompt).toList();
        assertEquals(List.of(
                BLOCK + "\nRecall:",
                AFTER_RECALL + "\nAnalyze: For option A,",
                AFTER_RECALL + "\nAnalyze: For option A, a mirror only reflects light. For option B,",
                AFTER_RECALL + "\nAnalyze: For option A, a mirror only reflects light. For option B,"
                        + " the sun is a star. For option C,",
                AFTER_RECALL + "\nAnalyze: For option A, a mirror only reflects light. For option B,"
                        + " the sun is a star. For option C, the moon reflects sunlight. For option D,",
                AFTER_RECALL + ANALYZE_LINE + "\nSummarize:"), prompts);
        for (ScriptedLanguageModel.Call call : model.calls()) {
            assertEquals(WordTokenizer.BOS, call.promptIds()[0], "prompts are encoded with BOS");
        }

        assertEquals("B", result.predicted());
        assertTrue(result.correct());
        assertFalse(result.unparseable());
        assertEquals(List.of("recall", "analyze", "summarize"),
                result.stages().stream().map(StageOutcome::stage).toList());
        assertEquals("The sun is a star that makes light.", result.stages().get(0).text());
        assertEquals(ANALYZE_LINE.substring("\nAnalyze: ".length()), result.stages().get(1).text());
        assertEquals("So the answer is option B.", result.stages().get(2).text());
        assertEquals(List.of(1, 4, 1), result.stages().stream().map(StageOutcome::generations).toList());
        assertEquals(prompts.get(1), result.stages().get(1).prompt(), "a per-option stage keeps its first prompt");
    }

    @Test
    void theAnswerCarriesTheWholeDocument() {
        MultiStagePipeline pipeline = new MultiStagePipeline(scriptedModel(), MultiStagePipeline.standardStages());
        ReasonedAnswer answer = pipeline.answer(QUESTION.stem(), QUESTION.options(),
                ReasoningProfile.full(pipeline.stages(), LAYERS));
        assertEquals(AFTER_RECALL + ANALYZE_LINE + "\nSummarize: So the answer is option B.", answer.document());
        assertEquals("B", answer.answer());
    }

    @Test
    void stopStringsEndGenerationsOnTheTokenThatCompletesThem() {
        ScriptedLanguageModel model = scriptedModel();
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));

        List<Generation> gens = model.calls().stream().map(ScriptedLanguageModel.Call::generation).toList();
        // recall: 8 words then "\n" -> stopped on the newline
        assertEquals(Generation.StopReason.CONDITION, gens.get(0).stop());
        assertEquals(9, gens.get(0).tokens());
        // option A: 5 words, then " For" " option" -> stopped on " option"
        assertEquals(7, gens.get(1).tokens());
        // option C: stopped on " Summarize:" without any newline
        assertEquals(Generation.StopReason.CONDITION, gens.get(3).stop());
        assertEquals(5, gens.get(3).tokens());
        // option D: ran out of script -> EOS
        assertEquals(Generation.StopReason.EOS, gens.get(4).stop());
        assertEquals(List.of(9, 7 + 6 + 5 + 5, 7), result.stages().stream().map(StageOutcome::tokens).toList());
    }

    @Test
    void eachStageGetsItsOwnMaskAndBudget() {
        ScriptedLanguageModel model = scriptedModel();
        List<StageSpec> stages = List.of(
                MultiStagePipeline.standardStages().get(0).withMaxNewTokens(40),
                MultiStagePipeline.standardStages().get(1).withMaxNewTokens(30),
                MultiStagePipeline.standardStages().get(2).withMaxNewTokens(20));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, stages);
        SkipMask recallMask = SkipMask.parse("attn:1", LAYERS);
        SkipMask analyzeMask = SkipMask.parse("mlp:0,2", LAYERS);
        SkipMask summarizeMask = SkipMask.parse("attn:3;mlp:3", LAYERS);
        ReasoningProfile profile = new ReasoningProfile(List.of(
                new StageProfile("recall", recallMask, EarlyExit.OFF),
                new StageProfile("analyze", analyzeMask, EarlyExit.OFF),
                new StageProfile("summarize", summarizeMask, EarlyExit.OFF)));
        pipeline.reason(QUESTION, profile);

        List<ScriptedLanguageModel.Call> calls = model.calls();
        assertEquals(6, calls.size());
        assertEquals(recallMask, calls.get(0).mask());
        assertEquals(40, calls.get(0).maxNewTokens());
        for (int k = 1; k <= 4; k++) {
            assertEquals(analyzeMask, calls.get(k).mask(), "analyze call " + k);
            assertEquals(30, calls.get(k).maxNewTokens());
        }
        assertEquals(summarizeMask, calls.get(5).mask());
        assertEquals(20, calls.get(5).maxNewTokens());
    }

    @Test
    void theTokenBudgetTruncatesAStage() {
        ScriptedLanguageModel model = scriptedModel();
        List<StageSpec> stages = List.of(MultiStagePipeline.standardStages().get(0).withMaxNewTokens(3),
                MultiStagePipeline.standardStages().get(1), MultiStagePipeline.standardStages().get(2));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, stages);
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(stages, LAYERS));
        assertEquals("The sun is", result.stages().get(0).text());
        assertEquals(Generation.StopReason.MAX_TOKENS, model.calls().get(0).generation().stop());
        assertTrue(model.calls().get(1).prompt().startsWith(BLOCK + "\nRecall: The sun is\nAnalyze:"));
    }

    @Test
    void aMissingAnswerIsWrongAndCountedAsUnparseable() {
        ScriptedLanguageModel model = scriptedModel().reply("\nSummarize:", " I am not sure.");
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));
        assertNull(result.predicted());
        assertTrue(result.unparseable());
        assertFalse(result.correct());
    }

    @Test
    void anAnswerNamingNoOptionIsUnparseable() {
        ScriptedLanguageModel model = scriptedModel().reply("\nSummarize:", " So the answer is option E.");
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));
        assertTrue(result.unparseable());
        assertFalse(result.correct());
    }

    @Test
    void aWrongAnswerIsParseableButIncorrect() {
        ScriptedLanguageModel model = scriptedModel().reply("\nSummarize:", " So the answer is option C.");
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));
        assertEquals("C", result.predicted());
        assertFalse(result.unparseable());
        assertFalse(result.correct());
    }

    @Test
    void earlyExitsAreCountedPerStage() {
        // option B collapses: confidences 0.2, 0.2 after a confident start; option D trails off too
        ScriptedLanguageModel model = scriptedModel()
                .reply("For option B,", " the sun is a star.", 0.9f, 0.2f, 0.2f, 0.9f, 0.9f)
                .reply("For option D,", " a window lets light through.", 0.9f, 0.9f, 0.9f, 0.2f, 0.3f)
                .reply("\nRecall:", " The sun is a star that makes light.", 0.1f, 0.1f, 0.1f);
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningProfile profile = new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.none(LAYERS), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.none(LAYERS), EarlyExit.of(2, 0.5)),
                new StageProfile("summarize", SkipMask.none(LAYERS), EarlyExit.of(2, 0.5))));
        ReasoningResult result = pipeline.reason(QUESTION, profile);

        StageOutcome recall = result.stages().get(0);
        assertEquals(0, recall.earlyExits(), "early exit is off for recall despite low confidence");
        assertEquals(8, recall.tokens());
        StageOutcome analyze = result.stages().get(1);
        assertEquals(2, analyze.earlyExits());
        assertTrue(analyze.exitedEarly());
        assertEquals(3, model.calls().get(2).generation().tokens(), "option B stops once its window of 2 is low");
        assertEquals(5, model.calls().get(4).generation().tokens(), "option D stops at mean(0.2, 0.3), not at mean(0.9, 0.2)");
        assertTrue(analyze.text().contains("For option B, the sun is For option C,"), analyze.text());
        assertEquals(0, result.stages().get(2).earlyExits());
        assertEquals("B", result.predicted());
    }

    @Test
    void aStopStringOnTheSameTokenIsNotAnEarlyExit() {
        ScriptedLanguageModel model = scriptedModel()
                .reply("\nRecall:", " The sun\nlater", 0.95f, 0.1f, 0.1f);
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        StageSpec recall = pipeline.stage("recall");
        StageOutcome outcome = pipeline.generate(recall, BLOCK + "\nRecall:",
                new StageProfile("recall", SkipMask.none(LAYERS), EarlyExit.of(2, 0.5)));
        assertEquals("The sun", outcome.text());
        assertEquals(3, outcome.tokens());
        assertEquals(0, outcome.earlyExits());
    }

    @Test
    void latencyIsSummedOverGenerations() {
        ScriptedLanguageModel model = scriptedModel();
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(pipeline.stages(), LAYERS));
        long prefill = model.calls().subList(1, 5).stream().mapToLong(c -> c.generation().prefillNanos()).sum();
        long decode = model.calls().subList(1, 5).stream().mapToLong(c -> c.generation().decodeNanos()).sum();
        assertEquals(prefill, result.stages().get(1).prefillNanos());
        assertEquals(decode, result.stages().get(1).decodeNanos());
        assertTrue(result.wallNanos() > 0);
    }

    @Test
    void badConfigurationsAreRejectedByName() {
        MultiStagePipeline pipeline = new MultiStagePipeline(scriptedModel(), MultiStagePipeline.standardStages());
        ReasoningProfile partial = new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.none(LAYERS), EarlyExit.OFF)));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> pipeline.reason(QUESTION, partial));
        assertTrue(missing.getMessage().contains("'analyze'"), missing.getMessage());

        ReasoningProfile wrongLayers = ReasoningProfile.full(pipeline.stages(), LAYERS + 1);
        IllegalArgumentException layers = assertThrows(IllegalArgumentException.class,
                () -> pipeline.reason(QUESTION, wrongLayers));
        assertEquals("stage recall: skip mask covers 5 layers but the model has 4", layers.getMessage());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> pipeline.stage("plan"));
        assertEquals("unknown stage 'plan'; known stages: [recall, analyze, summarize]", unknown.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new MultiStagePipeline(scriptedModel(),
                List.of(pipeline.stages().get(0), pipeline.stages().get(0))));
    }

    @Test
    void memoizedPipelineRerunsOnlyTheStagesWhoseInputsChanged() {
        ScriptedLanguageModel model = scriptedModel();
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages()).memoized();
        ReasoningProfile full = ReasoningProfile.full(pipeline.stages(), LAYERS);
        ReasoningResult first = pipeline.reason(QUESTION, full);
        assertEquals(6, model.calls().size(), "recall, four analyze pieces, summarize");

        ReasoningResult again = pipeline.reason(QUESTION, full);
        assertEquals(6, model.calls().size(), "an identical run generates nothing");
        assertEquals(first.stages(), again.stages());

        ReasoningProfile summarizeSkips = new ReasoningProfile(List.of(full.stage("recall"), full.stage("analyze"),
                new StageProfile("summarize", dev.litestage.model.SkipMask.parse("mlp:1", LAYERS), EarlyExit.OFF)));
        ReasoningResult changed = pipeline.reason(QUESTION, summarizeSkips);
        assertEquals(7, model.calls().size(), "only the stage whose mask changed runs again");
        assertEquals("mlp:1", model.calls().get(6).mask().toSpec());
        assertEquals("B", changed.predicted());

        MultiStagePipeline plain = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        plain.reason(QUESTION, full);
        assertEquals(13, model.calls().size(), "a plain pipeline always generates");
    }

    @Test
    void aPromptBeyondTheContextWindowEndsTheQuestionUnansweredInsteadOfFailing() {
        ScriptedLanguageModel model = new ScriptedLanguageModel()
                .reply("\nRecall:", " fact".repeat(5000))
                .reply("For option A,", " so no.")
                .reply("\nSummarize:", " So the answer is option B.");
        List<StageSpec> stages = new java.util.ArrayList<>(MultiStagePipeline.standardStages());
        stages.set(0, stages.get(0).withMaxNewTokens(6000));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, stages);
        ReasoningResult result = pipeline.reason(QUESTION, ReasoningProfile.full(stages, LAYERS));
        assertTrue(result.unparseable(), "no answer could be read");
        assertEquals(1, model.calls().size(), "only recall ran; the later prompts exceed the 4096-token context");
        assertEquals(0, result.stages().get(1).tokens());
        assertEquals("", result.stages().get(2).text());
    }
}
