package dev.litestage.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.model.SharedFiles;
import dev.litestage.runtime.ProfileCompatibility;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.runtime.RuntimeDecoder;
import dev.litestage.tracking.TrackingUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole run on a real model and real data: stories260K on OBQA from {@code ../shared}, with
 * tiny budgets. It answers at chance; what is checked is that every phase produces its files,
 * MLflow gets a parent run with one child per trial, and a second run resumes without re-running
 * or re-logging a trial.
 */
class ExperimentRunTest {

    @TempDir
    Path dir;

    @Test
    void runsEndToEndAndResumesWithoutRepeatingTrials() throws IOException {
        Path shared = SharedFiles.require("models/stories260K").getParent().getParent();
        Path experiments = Files.createDirectories(dir.resolve("experiments"));
        Path file = experiments.resolve("smoke.yaml");
        Files.writeString(file, """
                name: smoke
                seed: 3
                model: {path: %s, tokenizer: %s}
                data: {benchmark: obqa, root: %s, select_split: dev, eval_split: test, select_sample: 3, eval_sample: 3}
                stages:
                  stages:
                    - {name: recall, prefix: "Recall:", max_new_tokens: 6, stop: ["\\n"]}
                    - {name: analyze, prefix: "Analyze:", option_prefix: "For option {label},", max_new_tokens: 4, stop: ["\\n", "For option"]}
                    - {name: summarize, prefix: "Summarize:", max_new_tokens: 6, stop: ["\\n"]}
                search:
                  strategy: greedy
                  epsilon: 100
                  kmax: 2
                  early_exit: {window: 2, threshold: 0.3}
                  latency: {mode: cost-model}
                  calibration_questions: 2
                  speedup_rounds: 1
                  workers: 2
                  compare: [uniform]
                """.formatted(shared.resolve("models/stories260K/stories260K.bin"),
                shared.resolve("models/stories260K/tok512.bin"), shared.resolve("data")));
        Experiment exp = ExperimentLoader.load(file);
        TrackingUri store = TrackingUri.fileStore(dir.resolve("mlruns"), TrackingUri.Origin.DEFAULT);

        List<String> heard = new java.util.ArrayList<>();
        RunListener recording = new RunListener() {
            @Override
            public void phaseStarted(String phase, long steps, String unit) {
                heard.add(phase);
            }
        };
        RunResult first = ExperimentRunner.of(LoadedExperiment.load(exp), store, recording).run();
        Path journalFile = first.layout().trialJournal(first.trialContext());
        List<String> journal = Files.readAllLines(journalFile);
        assertTrue(heard.contains("importance") && heard.stream().anyMatch(p -> p.startsWith("search greedy: stage"))
                && heard.stream().anyMatch(p -> p.startsWith("compare uniform"))
                && heard.stream().anyMatch(p -> p.contains("batch-1 timing")) && heard.contains("ablation: early exit on vs off"),
                "the listener heard every phase: " + heard);
        assertTrue(journal.size() >= 1 + 3 * 2, "at least the full model and 3 stages x kmax 2: " + journal.size());
        java.util.Set<String> searched = new java.util.HashSet<>();
        first.outcome().trials().forEach(t -> searched.add(t.key()));
        first.comparisons().get(0).trials().forEach(t -> searched.add(t.key()));
        java.util.Set<String> bySearch = new java.util.HashSet<>(searched);
        first.earlyExitPairs().forEach(p -> {
            searched.add(p.on().key());
            searched.add(p.off().key());
        });
        String ablation = first.earlyExitPairs().get(0).off().key();
        assertEquals(first.chosenWithoutExit().key(), ablation);
        assertEquals(first.outcome().chosen().key(), first.earlyExitPairs().get(0).on().key());
        assertEquals(journal.size(), searched.size(),
                "journal = greedy's, uniform's and the early-exit pairs' distinct trials, each once");
        assertTrue(first.earlyExitPairs().stream().allMatch(p -> p.on().config().stages().stream()
                .anyMatch(s -> s.earlyExit().enabled()) && p.off().config().stages().stream().noneMatch(s -> s.earlyExit().enabled())),
                "each pair holds the same masks with early exit on and off");

        ProfileDocument profile = ProfileDocument.read(first.profile());
        assertEquals(3, profile.stages().size());
        assertTrue(ProfileCompatibility.differences(profile, LoadedExperiment.load(exp).model()).isEmpty());
        assertTrue(first.finalEvaluation().speedup().speedup() > 0);

        // the runtime, given the exported profile, reproduces the accuracy the run recorded for it
        LoadedExperiment again = LoadedExperiment.load(exp);
        RuntimeDecoder runtime = RuntimeDecoder.open(again.model(), profile, false);
        long correct = again.evaluation().questions().stream().filter(q -> runtime.reason(q).correct()).count();
        assertEquals(profile.results().profileAccuracy(), (double) correct / again.evaluation().size(), 1e-12);
        assertEquals(first.finalEvaluation().chosen().accuracy(), profile.results().profileAccuracy(), 1e-12);

        Path index = first.reportDir().resolve("index.html");
        String html = Files.readString(index);
        assertTrue(html.contains(first.finalEvaluation().speedup().method()), "the headline says how the speedup was measured");
        Matcher img = Pattern.compile("<img[^>]*src=\"([^\"]+)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            assertTrue(Files.isRegularFile(first.reportDir().resolve(img.group(1))), "report image exists: " + img.group(1));
            images++;
        }
        assertTrue(images >= 4, "trade-off, stage latency, tokens and importance plots");

        long children = childRuns(dir.resolve("mlruns"));
        assertTrue(children >= journal.size(), "every trial is a child run: " + children);
        // each child run spans its trial's evaluation (the UI's Duration), names lead with what differs
        java.util.Set<String> names = new java.util.HashSet<>();
        boolean ablationSeen = false;
        try (Stream<Path> files = Files.walk(dir.resolve("mlruns"))) {
            for (Path tag : files.filter(p -> p.getFileName().toString().equals("mlflow.parentRunId")).toList()) {
                Path run = tag.getParent().getParent();
                String meta = Files.readString(run.resolve("meta.yaml"));
                long started = Long.parseLong(meta.replaceAll("(?s).*\nstart_time: (\\d+).*", "$1"));
                long ended = Long.parseLong(meta.replaceAll("(?s).*\nend_time: (\\d+).*", "$1"));
                assertTrue(ended > started, "child run " + run.getFileName() + " lasts its trial's wall time: " + meta);
                String name = Files.readString(run.resolve("tags/mlflow.runName"));
                assertTrue(name.matches("(ablation )?\\d+/\\d+/\\d+ ee \\S+ #[0-9a-f]{6}"), name);
                assertTrue(names.add(name), "run names are unique: " + name);
                String strategy = Files.readString(run.resolve("tags/litestage.strategy"));
                if (strategy.equals("ablation-early-exit-off")) {
                    ablationSeen = true;
                    assertTrue(name.startsWith("ablation "), name);
                }
            }
        }
        assertTrue(ablationSeen || bySearch.containsAll(searched), "the early-exit ablation is tagged as such");
        try (Stream<Path> files = Files.walk(dir.resolve("mlruns"))) {
            Path table = files.filter(p -> p.endsWith(Path.of("artifacts", RunLayout.SEARCH_ARTIFACTS, "search-trials.csv")))
                    .findFirst().orElseThrow(() -> new AssertionError("the parent run's search/search-trials.csv artifact"));
            String header = Files.readAllLines(table).get(0);
            for (String column : List.of("key", "recall_attn", "analyze_mlp", "summarize_k", "early_exit", "accuracy",
                    "recall_tokens", "analyze_early_exits", "wall_ms", "chosen")) {
                assertTrue(header.contains(column), "the artifact carries the detailed trial column " + column + ": " + header);
            }
        }

        RunResult second = ExperimentRunner.of(LoadedExperiment.load(exp), store, RunListener.SILENT).run();
        assertEquals(first.trialContext(), second.trialContext());
        assertEquals(journal, Files.readAllLines(journalFile), "the rerun evaluated no new trial");
        assertEquals(children, childRuns(dir.resolve("mlruns")), "the rerun logged no duplicate child run");
        assertEquals(first.outcome().chosen().key(), second.outcome().chosen().key());

        // eval: the exported profile on the first 2 test questions, one at a time, results written per question
        SplitEvaluation.Evaluated evaluated = SplitEvaluation.run(exp,
                new SplitEvaluation.Request(null, null, 2, 1, false), RunListener.SILENT);
        assertEquals(2, evaluated.summary().n());
        assertEquals("full", evaluated.label());
        assertEquals(3, Files.readAllLines(evaluated.resultsCsv()).size(), "a header and a row per question");
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SplitEvaluation.Request(null, null, -5, null, false)).getMessage().contains("--limit"));

        // export reads the same journal: a trial by key, or the fastest within a loss, without measuring again
        String chosenKey = first.outcome().chosen().key();
        JournalExport.Exported byKey = JournalExport.byKey(exp, journalFile, chosenKey, dir.resolve("by-key.json"));
        assertEquals(chosenKey, byKey.chosen().key());
        assertTrue(Files.readString(byKey.profile()).contains("not a test measurement"), "the estimate says what it is");
        JournalExport.Exported lossless = JournalExport.fastestWithin(exp, journalFile, 0, dir.resolve("lossless.json"));
        assertTrue(lossless.chosen().accuracy() >= lossless.full().accuracy(), "within 0 points loses nothing");
        assertEquals(journalFile, first.layout().newestTrialJournal());
        IllegalArgumentException unknown = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JournalExport.byKey(exp, journalFile, "no-such-trial", dir.resolve("x.json")));
        assertTrue(unknown.getMessage().contains(journalFile.toString()) && unknown.getMessage().contains("no-such-trial"),
                unknown.getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JournalExport.fastestWithin(exp, journalFile, -3, dir.resolve("x.json"))).getMessage()
                .contains("--fastest-within"));
    }

    private static long childRuns(Path store) throws IOException {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(p -> p.getFileName().toString().equals("mlflow.parentRunId")).count();
        }
    }
}
