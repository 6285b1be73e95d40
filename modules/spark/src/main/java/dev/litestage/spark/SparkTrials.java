package dev.litestage.spark;

import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Trials evaluated on Apache Spark: a batch of independent trials (a greedy stage's budgets, a
 * genetic generation, a baseline sweep) becomes one Spark job with one task per trial (or per
 * shard of a trial's selection questions). Workers
 * load the experiment once per JVM ({@link WorkerTrials}); only trial keys go out and journal
 * lines come back. Journaling, MLflow logging and the choice of a profile stay with the caller on
 * the driver, which sees each trial exactly once however often Spark retries or speculates a task
 * (a task's result is the value of its trial, and only collected results reach the driver).
 *
 * <p>The experiment file, and the model and data it names, must be readable at the same path on
 * every worker (a shared file system, or files shipped with the job).
 */
public final class SparkTrials implements AutoCloseable {

    /**
     * A trial and the worker that measured it.
     *
     * @param result the trial, its latency from that worker's cost model
     * @param worker the executor's host name
     */
    public record Evaluated(TrialResult result, String worker) {
    }

    private final JavaSparkContext spark;

    private SparkTrials(JavaSparkContext spark) {
        this.spark = spark;
    }

    /**
     * A Spark context on {@code master}: {@code local[2]} (two executor threads in this JVM),
     * {@code local-cluster[2,1,2048]} or {@code spark://host:7077}.
     */
    public static SparkTrials start(String master) {
        return start(new SparkConf().setMaster(Objects.requireNonNull(master, "master")));
    }

    /** A Spark context from {@code conf} (its master set), with the settings trials rely on. */
    public static SparkTrials start(SparkConf conf) {
        conf.setAppName("litestage trials")
                .set("spark.ui.enabled", "false")
                // a task lost with its executor is retried elsewhere; its trial still comes back once
                .set("spark.task.maxFailures", "4");
        return new SparkTrials(new JavaSparkContext(conf));
    }

    /**
     * Evaluates {@code configs} of the experiment at {@code experimentFile}, one task each, on
     * workers that read the same {@code inputs} as the driver.
     *
     * @return one result per config, in order
     * @throws IllegalStateException with the worker's own message when a task fails for good
     *                               (e.g. a worker that cannot load the model names itself and the path)
     */
    public List<Evaluated> evaluate(Path experimentFile, List<TrialConfig> configs, WorkerInputs inputs) {
        return evaluate(experimentFile, configs, inputs, 0);
    }

    /** One task: a trial over the selection questions {@code from} to {@code to} (exclusive). */
    record Shard(String key, int from, int to) implements java.io.Serializable {
    }

    /**
     * As {@link #evaluate(Path, List, WorkerInputs)}, each trial's selection questions split into
     * tasks of {@code shardQuestions} (0: one task per trial), merged back into one trial each
     * ({@link TrialResult#merge}); a trial measured on several hosts names them all.
     */
    public List<Evaluated> evaluate(Path experimentFile, List<TrialConfig> configs, WorkerInputs inputs,
                                    int shardQuestions) {
        String file = experimentFile.toAbsolutePath().normalize().toString();
        int n = inputs.selectionQuestions();
        int step = shardQuestions <= 0 ? n : shardQuestions;
        List<Shard> shards = new ArrayList<>();
        for (TrialConfig c : configs) {
            for (int from = 0; from < n; from += step) {
                shards.add(new Shard(c.key(), from, Math.min(n, from + step)));
            }
        }
        List<Tuple2<String, String>> lines;
        try {
            lines = spark.parallelize(shards, Math.max(1, shards.size()))
                    .map(s -> new Tuple2<>(WorkerTrials.evaluate(file, s.key(), s.from(), s.to(), inputs), WorkerTrials.host()))
                    .collect();
        } catch (Exception e) { // a failed job: Spark throws its checked SparkException without declaring it
            throw new IllegalStateException("trials on Spark failed: " + rootMessage(e), e);
        }
        List<Evaluated> out = new ArrayList<>(configs.size());
        int task = 0;
        for (TrialConfig c : configs) {
            List<TrialResult> parts = new ArrayList<>();
            java.util.Set<String> hosts = new java.util.TreeSet<>();
            for (int from = 0; from < n; from += step, task++) {
                parts.add(TrialJournal.parseLine(Path.of("spark task " + task), 1, lines.get(task)._1()));
                hosts.add(lines.get(task)._2());
            }
            out.add(new Evaluated(parts.size() == 1 ? parts.get(0) : TrialResult.merge(parts), String.join(",", hosts)));
        }
        return out;
    }

    /** The master this context runs on. */
    public String master() {
        return spark.master();
    }

    /** Executor JVMs (or threads in local mode) Spark offers. */
    public int parallelism() {
        return spark.defaultParallelism();
    }

    @Override
    public void close() {
        spark.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = String.valueOf(e.getMessage());
        while (t != null) {
            if (t.getMessage() != null && t.getMessage().contains("worker ")) {
                message = t.getMessage();
            }
            t = t.getCause();
        }
        // Spark's own failure text holds the task's exception as a line "... IllegalStateException: worker ..."
        int at = message.indexOf("worker ");
        if (at >= 0) {
            int end = message.indexOf('\n', at);
            return message.substring(at, end < 0 ? message.length() : end);
        }
        return message;
    }
}
