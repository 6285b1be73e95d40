package dev.litestage.experiment.run;

import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.search.importance.ImportanceCsv;
import dev.litestage.search.importance.SublayerImportance;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Sublayer importance per stage: the full model answers the calibration questions (batched), and
 * each stage's prompts measure how alike every sublayer's input and output are. Kept in the work
 * folder with the key of what it was measured on (model, questions, stages), and measured again
 * when that changes.
 */
final class ImportanceStep {

    private ImportanceStep() {
    }

    static SublayerImportance run(LoadedExperiment loaded, RunLayout layout, Evaluator evaluator, RunListener listener)
            throws IOException {
        List<Question> dev = loaded.selection().questions();
        List<Question> calibration = dev.subList(0, Math.min(loaded.experiment().measurement().calibrationQuestions(),
                dev.size()));
        String key = TrialContext.begin().with("model", loaded.model().fingerprint())
                .withQuestions("calibration", calibration).withPipeline(loaded.pipeline()).digest();
        if (Files.isRegularFile(layout.importance()) && Files.isRegularFile(layout.importanceKey())
                && Files.readString(layout.importanceKey()).trim().equals(key)) {
            listener.say("importance: reusing " + layout.importance());
            return ImportanceCsv.read(layout.importance());
        }
        listener.phaseStarted("importance", calibration.size(), "q");
        List<ReasoningResult> runs;
        try {
            runs = evaluator.evaluate(calibration,
                    ReasoningProfile.full(loaded.experiment().stages(), loaded.model().config().layers()),
                    (done, total, r) -> listener.stepDone("")).results();
        } finally {
            listener.phaseEnded();
        }
        SublayerImportance importance = SublayerImportance.measure(loaded.model(), runs);
        ImportanceCsv.write(importance, layout.importance());
        Files.writeString(layout.importanceKey(), key + "\n");
        return importance;
    }
}
