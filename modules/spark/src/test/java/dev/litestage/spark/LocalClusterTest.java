package dev.litestage.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.TrialMeasurement;
import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-JVM cluster on loopback ({@code local-cluster}: a standalone master and two
 * workers in this JVM, each launching its own executor JVM): a generation of trials gives the same
 * results as this process, each trial once, also when one executor JVM is killed mid-job.
 */
class LocalClusterTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private SparkTrials cluster() throws Exception {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME"), "jars"));
        SparkConf conf = new SparkConf().setMaster("local-cluster[2,1,1024]")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", "-XX:+UseSerialGC " + System.getProperty("litestage.spark.opens", ""))
                .set("spark.executorEnv.OMP_NUM_THREADS", "1");
        return SparkTrials.start(conf);
    }

    private Path experiment() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                name: cluster
                model: {path: %s}
                data: {benchmark: reference, root: %s, select_sample: 8, eval_sample: 4}
                stages: %s
                search: {strategy: genetic, kmax: 4, latency: {mode: cost-model}}
                work_dir: %s
                output: %s
                """.formatted(ROOT.resolve("models/reference"), ROOT.resolve("data"),
                ROOT.resolve("configs/stages/three-stage.yaml"), dir.resolve("work"), dir.resolve("report")));
        return file;
    }

    /** A genetic generation's worth of distinct individuals. */
    private static List<TrialConfig> generation(int layers) {
        String[][] masks = {
                {"none", "none", "none"}, {"mlp:3", "mlp:3,5", "none"}, {"mlp:3,5", "mlp:3", "mlp:3"},
                {"attn:6", "mlp:2,3", "mlp:5"}, {"mlp:1-3", "none", "mlp:3,5"}, {"none", "mlp:2-5", "attn:6"}};
        List<TrialConfig> configs = new ArrayList<>();
        for (String[] m : masks) {
            List<StageProfile> stages = new ArrayList<>();
            String[] names = {"recall", "analyze", "summarize"};
            for (int s = 0; s < 3; s++) {
                stages.add(new StageProfile(names[s], m[s].equals("none") ? SkipMask.none(layers) : SkipMask.parse(m[s], layers),
                        EarlyExit.OFF));
            }
            configs.add(TrialConfig.of(new ReasoningProfile(stages)));
        }
        return configs;
    }

    @Test
    void aGenerationOnTwoExecutorJvmsMatchesThisProcessEvenWhenOneIsKilled() throws Exception {
        Path file = experiment();
        LoadedExperiment loaded = LoadedExperiment.load(ExperimentLoader.load(file));
        TrialEvaluator here = TrialMeasurement.evaluator(loaded, TrialMeasurement.calibrate(loaded));
        List<TrialConfig> configs = generation(loaded.model().config().layers());
        List<TrialResult> expected = configs.stream().map(here::evaluate).toList();

        try (SparkTrials spark = cluster()) {
            List<SparkTrials.Evaluated> first = spark.evaluate(file, configs, TrialMeasurement.inputs(loaded));
            check(expected, first);

            // again, killing one executor JVM while its tasks run: Spark retries them on the other
            CompletableFuture<Boolean> killed = CompletableFuture.supplyAsync(LocalClusterTest::killOneExecutorOnceBusy);
            List<SparkTrials.Evaluated> second = spark.evaluate(file, configs, TrialMeasurement.inputs(loaded));
            assertTrue(killed.get(60, TimeUnit.SECONDS), "an executor JVM was found and killed mid-job");
            check(expected, second);
        }
    }

    private static void check(List<TrialResult> expected, List<SparkTrials.Evaluated> got) {
        assertEquals(expected.size(), got.size(), "every trial once");
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            TrialResult r = got.get(i).result();
            assertTrue(keys.add(r.key()), "no trial twice: " + r.key());
            assertEquals(expected.get(i).key(), r.key());
            assertEquals(expected.get(i).accuracy(), r.accuracy(), 1e-12, r.key());
            for (int s = 0; s < r.stages().size(); s++) {
                assertEquals(expected.get(i).stages().get(s).generatedTokens(), r.stages().get(s).generatedTokens(), 1e-12,
                        r.key());
            }
        }
    }

    /** The process's full command line (from /proc: the JDK's view of it can be cut short). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"))).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** Kills one executor JVM of this test's cluster, once a job has started on it. */
    static boolean killOneExecutorOnceBusy() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> executors = ProcessHandle.current().descendants()
                    .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                    .toList();
            if (!executors.isEmpty()) {
                try {
                    Thread.sleep(1500); // let it start a task
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return executors.get(0).destroyForcibly();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
