package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.ReasonedAnswer;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RuntimeDecoderTest {

    private static final List<String> OPTIONS = List.of("a mirror", "the sun", "the moon", "a window");

    @Test
    void reasonsUnderTheProfilesMasksAndBudgets() {
        ScriptedLanguageModel model = Profiles.model();
        ProfileDocument profile = Profiles.document(model);
        RuntimeDecoder decoder = RuntimeDecoder.open(model, profile, false);

        ReasonedAnswer answer = decoder.reason("Which gives off light?", OPTIONS);

        assertEquals("B", answer.answer());
        assertEquals(List.of("recall", "analyze", "summarize"),
                answer.stages().stream().map(StageOutcome::stage).toList());
        assertEquals("The sun is a star.", answer.stage("recall").text());
        assertTrue(answer.document().startsWith("Which gives off light?\n(A) a mirror (B) the sun (C) the moon"
                + " (D) a window\nRecall: The sun is a star.\nAnalyze: For option A, it reflects light."));
        List<ScriptedLanguageModel.Call> calls = model.calls();
        assertEquals(6, calls.size());
        assertEquals(SkipMask.parse("attn:1", 4), calls.get(0).mask());
        assertEquals(SkipMask.parse("attn:2;mlp:0,3", 4), calls.get(3).mask());
        assertEquals(SkipMask.none(4), calls.get(5).mask());
        assertEquals(profile.stage("summarize").maxNewTokens(), calls.get(5).maxNewTokens());
    }

    @Test
    void usesTheProfilesTokenBudgetsOverTheStageDefaults() {
        ScriptedLanguageModel model = Profiles.model();
        ProfileDocument standard = Profiles.document(model);
        List<ProfileDocument.StageSetting> stages = new ArrayList<>(standard.stages());
        ProfileDocument.StageSetting recall = stages.get(0);
        stages.set(0, new ProfileDocument.StageSetting("recall", recall.skipAttention(), recall.skipMlp(),
                recall.earlyExit(), 3, recall.prompt()));
        ProfileDocument tight = ProfileDocument.of(standard.model(), stages, standard.results(), standard.provenance());

        StageOutcome outcome = RuntimeDecoder.open(model, tight, false).generate("recall", "Q\n(A) x\nRecall:");
        assertEquals("The sun is", outcome.text());
        assertEquals(3, outcome.tokens());
        assertEquals(3, model.calls().get(0).maxNewTokens());
    }

    @Test
    void generatesOneStageFromAGivenPrompt() {
        ScriptedLanguageModel model = Profiles.model();
        RuntimeDecoder decoder = RuntimeDecoder.open(model, Profiles.document(model), false);
        StageOutcome outcome = decoder.generate("summarize", "Anything\nSummarize:");
        assertEquals("So the answer is option B.", outcome.text());
        assertEquals("summarize", outcome.stage());
        assertFalse(outcome.exitedEarly());
        assertEquals("Anything\nSummarize:", model.calls().get(0).prompt());
    }

    @Test
    void anUnknownStageNamesTheKnownOnes() {
        ScriptedLanguageModel model = Profiles.model();
        RuntimeDecoder decoder = RuntimeDecoder.open(model, Profiles.document(model), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.generate("plan", "x"));
        assertEquals("unknown stage 'plan'; known stages: [recall, analyze, summarize]", e.getMessage());
        assertEquals(List.of("recall", "analyze", "summarize"), decoder.stages());
    }

    @Test
    void aVersionOneStageWithoutAFormatIsRefused() {
        ScriptedLanguageModel model = Profiles.model();
        ProfileDocument standard = Profiles.document(model);
        List<ProfileDocument.StageSetting> bare = standard.stages().stream().map(s -> new ProfileDocument.StageSetting(
                s.name(), s.skipAttention(), s.skipMlp(), s.earlyExit(), s.maxNewTokens())).toList();
        ProfileDocument v1 = new ProfileDocument(1, standard.model(), bare, null, new ProfileDocument.Results(0.6, 0.6, 1.2,
                "obqa", "dev", 5, standard.results().evaluatedAt()), new ProfileDocument.Provenance("e", "greedy", null,
                null, null, "test"));
        List<StageSpec> onlyRecall = List.of(StageSpec.single("recall", "Recall:", 8, List.of("\n")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeDecoder.open(model, v1, onlyRecall, false));
        assertTrue(e.getMessage().startsWith("profile stage 'analyze' has no prompt format (a version-1 profile)"),
                e.getMessage());
        assertEquals("B", RuntimeDecoder.open(model, v1, false).reason("Which gives off light?", OPTIONS).answer(),
                "a version-1 profile runs the standard stages");
    }

    @Test
    void aProfileRunsItsOwnPromptFormatsNotTheStandardOnes() {
        ScriptedLanguageModel model = Profiles.model().reply("\nRemember:", " The sun is a star.\nAnalyze: junk");
        ProfileDocument standard = Profiles.document(model);
        List<ProfileDocument.StageSetting> stages = new ArrayList<>(standard.stages());
        ProfileDocument.StageSetting recall = stages.get(0);
        stages.set(0, new ProfileDocument.StageSetting("recall", recall.skipAttention(), recall.skipMlp(),
                recall.earlyExit(), recall.maxNewTokens(), new ProfileDocument.Prompt("Remember:", null,
                List.of("\n", "Analyze:"))));
        ProfileDocument edited = new ProfileDocument(2, standard.model(), stages, standard.answerPattern(),
                standard.results(), standard.provenance());
        ReasonedAnswer answer = RuntimeDecoder.open(model, edited, false).reason("Which gives off light?", OPTIONS);
        assertEquals("B", answer.answer());
        assertTrue(model.calls().get(0).prompt().endsWith("\nRemember:"), model.calls().get(0).prompt());
        assertTrue(answer.document().contains("\nRemember: The sun is a star."), answer.document());
    }

    @Test
    void concurrentCallersNeverOverlapInTheModel() throws Exception {
        ConcurrencyProbe probe = new ConcurrencyProbe(Profiles.model());
        RuntimeDecoder decoder = RuntimeDecoder.open(probe, Profiles.document(probe), false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ReasonedAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> decoder.reason("Which gives off light?", OPTIONS)));
            }
            for (Future<ReasonedAnswer> f : answers) {
                assertEquals("B", f.get().answer());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, probe.mostInFlight());
    }

    @Test
    void optionsMustBeOneToTwentySix() {
        ScriptedLanguageModel model = Profiles.model();
        RuntimeDecoder decoder = RuntimeDecoder.open(model, Profiles.document(model), false);
        assertThrows(IllegalArgumentException.class, () -> decoder.reason("Q", List.of()));
        assertTrue(model.calls().isEmpty());
    }
}
