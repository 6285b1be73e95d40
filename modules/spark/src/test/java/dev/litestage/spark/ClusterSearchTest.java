package dev.litestage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.run.ExperimentRunner;
import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.RunListener;
import dev.litestage.experiment.run.RunResult;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.tracking.TrackingUri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole experiments with {@code execution: {engine: spark}} on a real multi-JVM cluster on loopback
 * ({@code local-cluster}: a standalone master and two workers, each launching its own executor
 * JVM): the greedy search (a stage's budgets per job) and the genetic one (a generation per job)
 * journal the same trials (keys, accuracies, tokens, latencies) and choose the same profile as in
 * this process, each trial journaled and logged to MLflow once, also when an executor JVM is
 * killed mid-search, and when each trial's questions are split over several tasks.
 */
class ClusterSearchTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path experiment(String name, String search, String execution) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 8, eval_sample: 4}
                stages: %s
                search: %s
                engine: {batch_questions: 4}
                execution: %s
                tracking: {store: %s}
                work_dir: %s
                output: %s
                """.formatted(name, ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), search, execution, dir.resolve("mlruns-" + name),
                dir.resolve("work-" + name), dir.resolve("report-" + name)));
        return file;
    }

    private RunResult run(Path file) throws IOException {
        TrackingUri store = TrackingUri.fileStore(dir.resolve("mlruns-" + file.getFileName().toString().replace(".yaml", "")),
                TrackingUri.Origin.DEFAULT);
        return ExperimentRunner.of(LoadedExperiment.load(ExperimentLoader.load(file)), store, RunListener.SILENT).run();
    }

    @Test
    void greedyOnTheClusterMatchesThisProcessEvenWithAnExecutorKilledMidSearch() throws Exception {
        compare("greedy", "{strategy: greedy, kmax: 3, latency: {mode: cost-model}}", true);
    }

    @Test
    void geneticGenerationsOnTheClusterMatchThisProcessAlsoInShardsOfQuestions() throws Exception {
        compare("genetic", "{strategy: genetic, kmax: 3, population: 6, generations: 2, seed: 3,"
                + " latency: {mode: cost-model}}", false, ", shard_questions: 4");
    }

    private void compare(String strategy, String search, boolean killOne) throws Exception {
        compare(strategy, search, killOne, "");
    }

    private void compare(String strategy, String search, boolean killOne, String execution) throws Exception {
        RunResult here = run(experiment(strategy + "-here", search, "{engine: in-process}"));
        Path onCluster = experiment(strategy + "-cluster", search,
                "{engine: spark, master: \"local-cluster[2,1,1024]\"" + execution + "}");
        // the same calibration on the driver: a cost model is machine state, measured once per work folder
        Files.createDirectories(dir.resolve("work-" + strategy + "-cluster"));
        Files.copy(here.layout().costModel(), dir.resolve("work-" + strategy + "-cluster").resolve(
                here.layout().costModel().getFileName()));
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));

        CompletableFuture<Boolean> killed = killOne
                ? CompletableFuture.supplyAsync(LocalClusterTest::killOneExecutorOnceBusy)
                : CompletableFuture.completedFuture(false);
        RunResult cluster = run(onCluster);
        if (killOne) {
            assertTrue(killed.get(60, TimeUnit.SECONDS), "an executor JVM was found and killed mid-search");
        }

        assertEquals(here.trialContext(), cluster.trialContext(), "the same trial context (data, stages, cost model)");
        List<TrialResult> expected = journal(here);
        List<TrialResult> got = journal(cluster);
        assertEquals(expected.stream().map(TrialResult::key).toList(), got.stream().map(TrialResult::key).toList(),
                "the same trials, journaled in the same order, each once");
        assertEquals(got.size(), new HashSet<>(got.stream().map(TrialResult::key).toList()).size());
        for (int i = 0; i < expected.size(); i++) {
            TrialResult a = expected.get(i);
            TrialResult b = got.get(i);
            assertEquals(a.accuracy(), b.accuracy(), 1e-12, b.key());
            for (int s = 0; s < a.stages().size(); s++) {
                assertEquals(a.stages().get(s), b.stages().get(s), b.key() + " " + a.stages().get(s).stage());
            }
            assertEquals(a.latencyMs(), b.latencyMs(), 1e-9, b.key() + ": priced by the same cost model");
        }
        assertEquals(here.outcome().chosen().key(), cluster.outcome().chosen().key(), "the same profile chosen");
        assertTrue(got.size() > 5, "a real search: " + got.size() + " trials");

        // MLflow: one child run per trial, each tagged with the worker that measured it
        Path store = dir.resolve("mlruns-" + strategy + "-cluster");
        List<String> trialKeys = tagValues(store, "litestage.trialKey");
        assertEquals(trialKeys.size(), new HashSet<>(trialKeys).size(), "no trial logged twice");
        assertTrue(trialKeys.containsAll(got.stream().map(TrialResult::key).toList()), "every journaled trial logged");
        assertTrue(tagValues(store, "litestage.worker").size() >= got.size(), "each measured trial names its worker");

        if (!killOne) {
            // resumed: importance, cost model and every trial read back from the work folder (this
            // once failed on the Spark class path, whose older commons-io the CSV reader cannot use)
            RunResult again = run(onCluster);
            assertEquals(cluster.outcome().chosen().key(), again.outcome().chosen().key());
            assertEquals(got.stream().map(TrialResult::key).toList(), journal(again).stream().map(TrialResult::key).toList(),
                    "nothing measured again");
        }
    }

    private static List<TrialResult> journal(RunResult r) throws IOException {
        try (TrialJournal journal = TrialJournal.open(r.layout().trialJournal(r.trialContext()))) {
            return journal.trials();
        }
    }

    private static List<String> tagValues(Path store, String tag) throws IOException {
        List<String> values = new ArrayList<>();
        try (Stream<Path> files = Files.walk(store)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals(tag)).toList()) {
                values.add(Files.readString(p).trim());
            }
        }
        return values;
    }
}
