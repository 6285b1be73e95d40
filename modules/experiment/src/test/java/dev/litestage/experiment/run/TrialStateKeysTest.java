package dev.litestage.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ExperimentLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keys the stored trials and the cost model, on the project's reference model and data: a
 * changed dataset file, sample, stage prompt or token budget gives another trial context (so no
 * stale trial is reused), an unchanged experiment the same one (so every trial is); a torn
 * {@code cost-model.json} is calibrated again with a warning.
 */
class TrialStateKeysTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path experiment(String name, Path dataRoot, int sample, String recallPrefix, int recallBudget) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_split: dev, eval_split: test, select_sample: %d, eval_sample: 4}
                stages:
                  stages:
                    - {name: recall, prefix: "%s", max_new_tokens: %d, stop: ["\\n", "Analyze:"]}
                    - {name: analyze, prefix: "Analyze:", option_prefix: "For option {label},", max_new_tokens: 64, stop: ["\\n", "For option", "Summarize:"]}
                    - {name: summarize, prefix: "Summarize:", max_new_tokens: 24, stop: ["\\n"]}
                search: {strategy: greedy, kmax: 2, latency: {mode: cost-model}}
                work_dir: %s
                output: %s
                """.formatted(name, ROOT.resolve("models/reference"), dataRoot, sample, recallPrefix, recallBudget,
                dir.resolve("work-" + name), dir.resolve("report-" + name)));
        return file;
    }

    private static String context(Path file) {
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        return ExperimentRunner.trialContext(loaded, loaded.model().fingerprint(), loaded.selection().questions(), null);
    }

    @Test
    void everythingATrialDependsOnIsInItsKey() throws IOException {
        Path data = ROOT.resolve("data");
        String base = context(experiment("base", data, 8, "Recall:", 96));
        assertEquals(base, context(experiment("again", data, 8, "Recall:", 96)), "an unchanged experiment reuses its trials");
        assertNotEquals(base, context(experiment("sample", data, 12, "Recall:", 96)), "another sample");
        assertNotEquals(base, context(experiment("prompt", data, 8, "Remember:", 96)), "another stage prompt");
        assertNotEquals(base, context(experiment("budget", data, 8, "Recall:", 48)), "another token budget");

        // the same file names, every question's text changed
        Path copy = Files.createDirectories(dir.resolve("data/reference"));
        for (String split : List.of("train", "dev", "test")) {
            Files.copy(data.resolve("reference/" + split + ".jsonl"), copy.resolve(split + ".jsonl"));
        }
        assertEquals(base, context(experiment("copied", dir.resolve("data"), 8, "Recall:", 96)), "a byte-identical copy");
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("dev.jsonl")));
        for (int i = 0; i < lines.size(); i++) {
            lines.set(i, lines.get(i).replace("\"stem\":\"", "\"stem\":\"Say: "));
        }
        Files.write(copy.resolve("dev.jsonl"), lines);
        String edited = context(experiment("edited", dir.resolve("data"), 8, "Recall:", 96));
        assertNotEquals(base, edited, "an edited dataset file");
    }

    @Test
    void aTornCostModelIsCalibratedAgainWithAWarning() throws IOException {
        Path file = experiment("cost", ROOT.resolve("data"), 4, "Recall:", 96);
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        RunLayout layout = new RunLayout(dir.resolve("work-cost"), dir.resolve("report-cost"));
        List<String> said = new ArrayList<>();
        RunListener hearing = new RunListener() {
            @Override
            public void say(String line) {
                said.add(line);
            }
        };
        CostModelStep.run(loaded, layout, hearing);
        String whole = Files.readString(layout.costModel());
        Files.writeString(layout.costModel(), whole.substring(0, whole.length() / 2)); // a crash mid-write
        said.clear();
        CostModelStep.run(loaded, layout, hearing);
        assertTrue(said.stream().anyMatch(l -> l.startsWith("warning: ") && l.contains("cost-model.json")
                && l.contains("calibrating again")), "" + said);
        said.clear();
        CostModelStep.run(loaded, layout, hearing);
        assertTrue(said.stream().anyMatch(l -> l.contains("reusing")), "the recalibrated file is whole again: " + said);
    }
}
