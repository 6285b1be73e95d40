package dev.litestage.training;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.Tokenizer;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import dev.litestage.reasoning.StageSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a trained model knows held-out questions, measured two ways on the full model:
 * <ul>
 *   <li>teacher-forced: the share of next tokens of each gold document the model ranks first,
 *       overall and within each stage's text;</li>
 *   <li>greedy, through the real {@link MultiStagePipeline}: every stage generated from the
 *       question and the model's own earlier stages, graded by the parsed answer, plus each
 *       stage's exact match with its gold text and the Summarize stage alone from gold earlier
 *       stages.</li>
 * </ul>
 */
public final class ModelQualityCheck {

    /**
     * @param documents              gold documents scored teacher-forced
     * @param teacherForcedAccuracy  share of all next tokens (EOS included) ranked first
     * @param teacherForcedByStage   the same within each stage's text, by stage name
     * @param questions              questions run through the pipeline
     * @param pipelineAccuracy       share answered correctly with every stage generated
     * @param exactByStage           share of generated stage texts equal to the gold text, by stage name
     * @param summarizeFromGold      share answered correctly by Summarize after the gold earlier stages
     */
    public record Report(int documents, double teacherForcedAccuracy, Map<String, Double> teacherForcedByStage,
                         int questions, double pipelineAccuracy, Map<String, Double> exactByStage,
                         double summarizeFromGold) {
        public Report {
            teacherForcedByStage = Collections.unmodifiableMap(new LinkedHashMap<>(teacherForcedByStage));
            exactByStage = Collections.unmodifiableMap(new LinkedHashMap<>(exactByStage));
        }
    }

    private ModelQualityCheck() {
    }

    /**
     * Scores every question of {@code heldOut} teacher-forced and runs the first
     * {@code pipelineQuestions} of them through the pipeline.
     *
     * @throws IllegalArgumentException when a question lacks a gold stage text
     */
    public static Report run(LanguageModel model, List<Question> heldOut, int pipelineQuestions) {
        List<StageSpec> stages = MultiStagePipeline.standardStages();
        Tokenizer tokenizer = model.tokenizer();
        SkipMask none = SkipMask.none(model.config().layers());

        long correct = 0;
        long total = 0;
        Map<String, long[]> byStage = new LinkedHashMap<>();
        stages.forEach(s -> byStage.put(s.name(), new long[2]));
        for (Question q : heldOut) {
            String document = PromptFormat.document(q, stages, q.goldStages());
            int[] body = tokenizer.encode(document, true);
            int[] ids = java.util.Arrays.copyOf(body, body.length + 1);
            ids[body.length] = tokenizer.eosId();
            float[][] logits = model.logits(ids, none);
            boolean[] hit = new boolean[ids.length];
            for (int j = 1; j < ids.length; j++) {
                hit[j] = argmax(logits[j - 1]) == ids[j];
                correct += hit[j] ? 1 : 0;
                total++;
            }
            String context = PromptFormat.questionBlock(q);
            for (StageSpec stage : stages) {
                int from = tokenizer.encode(PromptFormat.stagePrompt(context, stage), true).length;
                context = PromptFormat.withStage(context, stage, q.goldStages().get(stage.name()));
                int to = tokenizer.encode(context, true).length;
                long[] counts = byStage.get(stage.name());
                for (int j = from; j < to; j++) {
                    counts[0] += hit[j] ? 1 : 0;
                    counts[1]++;
                }
            }
        }
        Map<String, Double> teacherForcedByStage = new LinkedHashMap<>();
        byStage.forEach((name, c) -> teacherForcedByStage.put(name, share(c[0], c[1])));

        MultiStagePipeline pipeline = new MultiStagePipeline(model, stages);
        ReasoningProfile full = ReasoningProfile.full(stages, model.config().layers());
        StageSpec summarize = stages.get(stages.size() - 1);
        List<Question> greedy = heldOut.subList(0, Math.min(pipelineQuestions, heldOut.size()));
        int answered = 0;
        int fromGold = 0;
        Map<String, Integer> exact = new LinkedHashMap<>();
        stages.forEach(s -> exact.put(s.name(), 0));
        for (Question q : greedy) {
            ReasoningResult result = pipeline.reason(q, full);
            answered += result.correct() ? 1 : 0;
            for (StageOutcome outcome : result.stages()) {
                if (outcome.text().equals(q.goldStages().get(outcome.stage()))) {
                    exact.merge(outcome.stage(), 1, Integer::sum);
                }
            }
            String context = PromptFormat.questionBlock(q);
            for (StageSpec stage : stages.subList(0, stages.size() - 1)) {
                context = PromptFormat.withStage(context, stage, q.goldStages().get(stage.name()));
            }
            StageOutcome summary = pipeline.generate(summarize, PromptFormat.stagePrompt(context, summarize),
                    full.stage(summarize.name()));
            String parsed = pipeline.parser().parse(summary.text(), q.labels()).orElse(null);
            fromGold += q.answerKey().equals(parsed) ? 1 : 0;
        }
        Map<String, Double> exactByStage = new LinkedHashMap<>();
        exact.forEach((name, n) -> exactByStage.put(name, share(n, greedy.size())));
        return new Report(heldOut.size(), share(correct, total), teacherForcedByStage, greedy.size(),
                share(answered, greedy.size()), exactByStage, share(fromGold, greedy.size()));
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
