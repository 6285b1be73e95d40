package dev.litestage.benchmark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.benchmark.data.DatasetFormat;
import dev.litestage.benchmark.data.DatasetLoader;
import dev.litestage.benchmark.data.DatasetSpec;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.reasoning.StageSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's real model on its reference test split: batched answers (every stage's
 * generations for all questions in one call) are the batch-1 answers, stage by stage, under the
 * full model and under a skip profile. A sample of the split keeps the suite fast (batch 1 costs
 * about 0.7 s a question); {@code litestage bench --experiment ... --batch 1,300} checks all 300.
 */
class BatchedReferenceAgreementTest {

    private static LanguageModel model;
    private static List<Question> sample;

    @BeforeAll
    static void load() {
        Path root = Path.of("..", "..").toAbsolutePath().normalize();
        model = ModelLoader.load(root.resolve("models/reference"), null);
        List<Question> test = DatasetLoader.load(DatasetSpec.of(DatasetFormat.REFERENCE,
                root.resolve("data/reference/test.jsonl"))).questions();
        sample = new ArrayList<>();
        for (int i = 0; i < test.size(); i += 15) { // 20 questions, one- and two-hop
            sample.add(test.get(i));
        }
    }

    private static void assertBatchedEqualsAlone(ReasoningProfile profile) {
        MultiStagePipeline pipeline = new MultiStagePipeline(model, MultiStagePipeline.standardStages());
        List<ReasoningResult> alone = new Evaluator(pipeline).evaluate(sample, profile).results();
        List<ReasoningResult> batched = new Evaluator(pipeline).inBatches(sample.size()).evaluate(sample, profile).results();
        int generations = 0;
        int differing = 0;
        int answers = 0;
        for (int q = 0; q < sample.size(); q++) {
            assertEquals(alone.get(q).questionId(), batched.get(q).questionId());
            if (java.util.Objects.equals(alone.get(q).predicted(), batched.get(q).predicted())) {
                answers++;
            }
            for (int s = 0; s < alone.get(q).stages().size(); s++) {
                StageOutcome a = alone.get(q).stages().get(s);
                StageOutcome b = batched.get(q).stages().get(s);
                generations += a.generations();
                if (!a.text().equals(b.text()) || a.tokens() != b.tokens()) {
                    differing++;
                }
            }
        }
        assertTrue(differing <= 0.01 * generations, differing + " of " + generations + " generations differ");
        assertTrue(answers >= 0.99 * sample.size(), answers + " of " + sample.size() + " answers agree");
    }

    @Test
    void batchedAnswersAreTheBatchOneAnswersUnderTheFullModel() {
        assertBatchedEqualsAlone(ReasoningProfile.full(MultiStagePipeline.standardStages(), model.config().layers()));
    }

    @Test
    void batchedAnswersAreTheBatchOneAnswersUnderASkipProfile() {
        List<StageProfile> stages = new ArrayList<>();
        String[] specs = {"attn:6;mlp:1-6", "attn:6;mlp:1-6", "mlp:2-5"};
        List<StageSpec> standard = MultiStagePipeline.standardStages();
        for (int i = 0; i < standard.size(); i++) {
            stages.add(new StageProfile(standard.get(i).name(), SkipMask.parse(specs[i], model.config().layers()),
                    EarlyExit.of(3, 0.5)));
        }
        assertBatchedEqualsAlone(new ReasoningProfile(stages));
    }
}
