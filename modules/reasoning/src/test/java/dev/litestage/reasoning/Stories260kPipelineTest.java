package dev.litestage.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.SharedFiles;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on the real stories260K engine and its llama2.c tokenizer: prompts, stop strings
 * and early exit behave on real decoding and real confidences as they do on the scripted model.
 * The model knows only children's stories, so its answers are not judged, only the mechanics.
 */
class Stories260kPipelineTest {

    private static LanguageModel model;
    private static int layers;

    @BeforeAll
    static void load() {
        Path dir = SharedFiles.require("models/stories260K");
        model = ModelLoader.load(dir.resolve("stories260K.bin"), dir.resolve("tok512.bin"));
        layers = model.config().layers();
    }

    private static StageProfile plain(String stage) {
        return new StageProfile(stage, SkipMask.none(layers), EarlyExit.OFF);
    }

    @Test
    void runsEveryStageAndRebuildsTheDocument() {
        List<StageSpec> stages = MultiStagePipeline.standardStages().stream()
                .map(s -> s.withMaxNewTokens(8)).toList();
        MultiStagePipeline pipeline = new MultiStagePipeline(model, stages);
        Question q = new Question("lily", "Lily found a red ball in the park. What did Lily find?",
                Question.labelled(List.of("a ball", "a cat")), "A");
        ReasonedAnswer answer = pipeline.answer(q.stem(), q.options(), ReasoningProfile.full(stages, layers));

        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            StageSpec spec = stages.get(i);
            StageOutcome outcome = answer.stages().get(i);
            String generated = outcome.text();
            if (spec.perOption()) {
                // the openings are the format's own text; only the generated pieces must be cut
                for (String label : q.labels()) {
                    generated = generated.replace(spec.optionOpening(label), "");
                }
            }
            for (String stop : spec.stopStrings()) {
                assertFalse(generated.contains(stop), spec.name() + " generated the stop string " + stop);
            }
            assertTrue(outcome.tokens() <= spec.maxNewTokens() * outcome.generations());
            assertEquals(outcome.text().strip(), outcome.text());
            texts.put(spec.name(), outcome.text());
        }
        assertEquals(PromptFormat.questionBlock(q) + "\nRecall:", answer.stages().get(0).prompt());
        assertEquals(2, answer.stages().get(1).generations());
        assertTrue(answer.stages().get(1).text().startsWith("For option A,"));
        assertTrue(answer.stages().get(1).text().contains("For option B,"));
        assertEquals(PromptFormat.document(q, stages, texts), answer.document());
    }

    /** {@code model} without its sessions: every generation prefills its whole prompt. */
    private static LanguageModel withoutReuse(LanguageModel model) {
        return new LanguageModel() {
            public ModelConfig config() { return model.config(); }
            public Tokenizer tokenizer() { return model.tokenizer(); }
            public String fingerprint() { return model.fingerprint(); }
            public Generation generate(int[] ids, SkipMask mask, int max, StopCondition stop) {
                return model.generate(ids, mask, max, stop);
            }
            public float[][] logits(int[] ids, SkipMask mask) { return model.logits(ids, mask); }
            public SublayerSimilarity similarity(int[] ids) { return model.similarity(ids); }
        };
    }

    @Test
    void stagesReuseTheirQuestionsEarlierPrefixesAndWriteWhatFullPrefillsWrite() {
        List<StageSpec> stages = MultiStagePipeline.standardStages().stream()
                .map(s -> s.withMaxNewTokens(8)).toList();
        Question q = new Question("tom", "Tom had a big dog. What did Tom have?",
                Question.labelled(List.of("a dog", "a hat", "a boat")), "A");
        ReasoningProfile profile = ReasoningProfile.full(stages, layers);
        ReasonedAnswer reusing = new MultiStagePipeline(model, stages).answer(q.stem(), q.options(), profile);
        ReasonedAnswer fresh = new MultiStagePipeline(withoutReuse(model), stages).answer(q.stem(), q.options(), profile);

        assertEquals(fresh.document(), reusing.document());
        StageOutcome analyzeFresh = fresh.stages().get(1);
        StageOutcome analyzeReusing = reusing.stages().get(1);
        assertEquals(3, analyzeReusing.generations());
        // without reuse each option prefills its whole prompt, the first one included
        int first = model.tokenizer().encode(analyzeFresh.prompt(), true).length;
        assertTrue(analyzeFresh.prefillTokens() > 3 * first, "three prompts, each longer than the first");
        // with reuse the later options prefill only what follows the earlier option's run
        assertTrue(analyzeReusing.prefillTokens() < first + analyzeFresh.prefillTokens() / 3,
                analyzeReusing.prefillTokens() + " prefilled with reuse, " + analyzeFresh.prefillTokens() + " without");
        // the first stage has nothing to reuse; the last one extends what analyze ran, under the same mask
        assertEquals(fresh.stages().get(0).prefillTokens(), reusing.stages().get(0).prefillTokens());
        int summarizePrompt = model.tokenizer().encode(fresh.stages().get(2).prompt(), true).length;
        assertEquals(summarizePrompt, fresh.stages().get(2).prefillTokens());
        assertTrue(reusing.stages().get(2).prefillTokens() < summarizePrompt / 2,
                reusing.stages().get(2).prefillTokens() + " of " + summarizePrompt + " summarize tokens prefilled");
    }

    @Test
    void aStopStringCutsRealTextWhereTheUncutTextHasIt() {
        StageSpec free = StageSpec.single("story", "Once upon a time", 32, List.of());
        StageSpec stopped = free.withStopStrings(List.of("."));
        MultiStagePipeline pipeline = new MultiStagePipeline(model, List.of(free));
        String prompt = "Once upon a time";

        StageOutcome full = pipeline.generate(free, prompt, plain("story"));
        StageOutcome cut = pipeline.generate(stopped, prompt, plain("story"));

        assertTrue(full.text().contains("."), "the story has a sentence end: " + full.text());
        assertEquals(StopStrings.cut(full.text(), List.of(".")).trim(), cut.text());
        assertTrue(cut.tokens() < full.tokens(), "generation stopped at the stop string");
    }

    @Test
    void earlyExitFollowsRealConfidences() {
        StageSpec story = StageSpec.single("story", "Once upon a time", 8, List.of());
        MultiStagePipeline pipeline = new MultiStagePipeline(model, List.of(story));
        // Every confidence is <= 1: a one-token window at threshold 1 exits after the first token.
        StageOutcome always = pipeline.generate(story, "Once upon a time",
                new StageProfile("story", SkipMask.none(layers), EarlyExit.of(1, 1.0)));
        assertEquals(1, always.tokens());
        assertEquals(1, always.earlyExits());
        // Every confidence is > 0: threshold 0 never exits.
        StageOutcome never = pipeline.generate(story, "Once upon a time",
                new StageProfile("story", SkipMask.none(layers), EarlyExit.of(4, 0.0)));
        assertEquals(0, never.earlyExits());
        assertTrue(never.tokens() > 4);
    }
}
