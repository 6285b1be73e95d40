package dev.litestage.runtime;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import java.time.Instant;
import java.util.List;

/** Test profiles and the scripted model they run on. */
final class Profiles {

    static final String FINGERPRINT = "3b".repeat(32);
    static final int LAYERS = 4;

    private Profiles() {
    }

    /** A scripted 4-layer model that reasons its way to option B of any question. */
    static ScriptedLanguageModel model() {
        return new ScriptedLanguageModel(LAYERS, FINGERPRINT)
                .reply("\nRecall:", " The sun is a star.\nAnalyze: junk")
                .reply("For option A,", " it reflects light. For option B, junk")
                .reply("For option B,", " it makes light.")
                .reply("For option C,", " it reflects light.")
                .reply("For option D,", " it lets light through.")
                .reply("\nSummarize:", " So the answer is option B.\nmore");
    }

    static ReasoningProfile reasoningProfile() {
        return new ReasoningProfile(List.of(
                new StageProfile("recall", SkipMask.parse("attn:1", LAYERS), EarlyExit.OFF),
                new StageProfile("analyze", SkipMask.parse("attn:2;mlp:0,3", LAYERS), EarlyExit.of(4, 0.25)),
                new StageProfile("summarize", SkipMask.none(LAYERS), EarlyExit.of(2, 0.5))));
    }

    static ProfileDocument.Results results() {
        return new ProfileDocument.Results(0.62, 0.6, 1.41, "obqa", "dev", 500, Instant.parse("2026-11-29T12:30:00Z"),
                new ProfileDocument.SpeedupMeasurement("batch-1 wall clock, 50 questions x 1 round, paired", "dev", 50,
                        1.32, 1.50, 0.95), new ProfileDocument.Throughput(32, 1.22, 30.5, 37.2));
    }

    static ProfileDocument.Provenance provenance() {
        return new ProfileDocument.Provenance("obqa-stories", "importance+ga", "5f0c2a9d1e", "file:./mlruns",
                "3d4ad58", "litestage 0.1.0-SNAPSHOT", java.util.Map.of("search.epsilon", "4", "search.kmax", "8"));
    }

    /** The profile of {@link #reasoningProfile()} on {@code model}, standard stage budgets. */
    static ProfileDocument document(LanguageModel model) {
        return ProfileDocument.of(model, MultiStagePipeline.standardStages(), reasoningProfile(), results(), provenance());
    }
}
