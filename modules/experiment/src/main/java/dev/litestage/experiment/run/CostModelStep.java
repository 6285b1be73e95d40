package dev.litestage.experiment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.engine.BlasThreads;
import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.trial.LatencyMeasurement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The calibrated cost model: per-call, per-prompt-token and per-step costs of every sublayer kind,
 * timed at batch 1 on the first selection question's first prompt. Kept in the work folder with
 * the key of what it was calibrated on (model, prompt, engine version, BLAS threads), written
 * atomically; a torn or foreign file is calibrated again, with a warning.
 */
final class CostModelStep {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CostModelStep() {
    }

    static CostModel run(LoadedExperiment loaded, RunLayout layout, RunListener listener) throws IOException {
        Question q = loaded.selection().questions().get(0);
        String prompt = PromptFormat.stagePrompt(PromptFormat.questionBlock(q), loaded.experiment().stages().get(0));
        int[] ids = loaded.model().tokenizer().encode(prompt, true);
        String key = TrialContext.begin().with("model", loaded.model().fingerprint()).with("prompt", prompt)
                .with("blas", BlasThreads.current()).digest();
        Path file = layout.costModel();
        if (Files.isRegularFile(file)) {
            try {
                JsonNode stored = JSON.readTree(file.toFile());
                if (stored != null && key.equals(stored.path("key").asText())) {
                    listener.say("cost model: reusing " + file + " (deterministic across resumes)");
                    return JSON.treeToValue(stored.get("cost"), CostModel.class);
                }
            } catch (IOException | IllegalArgumentException e) {
                listener.say("warning: " + file + " is unreadable (" + firstLine(e) + "); calibrating again");
            }
        }
        listener.say("cost model: calibrating per-sublayer costs on this machine ...");
        CostModel cost = calibrate(loaded.model(), ids);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("key", key);
        stored.put("model", loaded.model().fingerprint());
        stored.put("cost", cost);
        writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stored));
        return cost;
    }

    /** Calibrates on this machine, keeping nothing on disk: what a worker of a distributed search does. */
    static CostModel calibrate(LoadedExperiment loaded) {
        Question q = loaded.selection().questions().get(0);
        String prompt = PromptFormat.stagePrompt(PromptFormat.questionBlock(q), loaded.experiment().stages().get(0));
        return calibrate(loaded.model(), loaded.model().tokenizer().encode(prompt, true));
    }

    private static CostModel calibrate(dev.litestage.model.LanguageModel model, int[] ids) {
        return CostModel.calibrate(model, ids, 16, LatencyMeasurement.of(2, 5));
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
