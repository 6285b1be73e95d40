package dev.litestage.spark;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.execution.ExecutedTrial;
import dev.litestage.experiment.execution.TrialExecutor;
import dev.litestage.experiment.execution.TrialExecutorFactory;
import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.search.trial.TrialConfig;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * {@code execution.engine: spark}: the search's trial batches as Spark jobs, one task per trial.
 *
 * <p>The master is the one spark-submit passes ({@code spark.master}), else the experiment's
 * {@code execution.master} (or {@code run --master}), else {@code local[*]}. Any other {@code spark.*}
 * setting comes from Java system properties as Spark reads them ({@code -Dspark.executor.memory=4g}
 * in {@code LITESTAGE_JAVA_OPTS}, or spark-submit's {@code --conf}). When nothing says how executor
 * JVMs find the project's classes (no {@code spark.jars}, no {@code spark.executor.extraClassPath}),
 * they get this JVM's class path, which is right on a machine or a shared file system and what a
 * launcher-started run needs; spark-submit sets {@code spark.jars} itself.
 */
public final class SparkTrialExecutorFactory implements TrialExecutorFactory {

    @Override
    public String engine() {
        return "spark";
    }

    @Override
    public TrialExecutor start(Experiment experiment, WorkerInputs inputs) {
        // Spark logs every task at INFO through slf4j; the run's console is for the run
        quietLogger("org.apache.spark");
        quietLogger("org.sparkproject");
        SparkConf conf = new SparkConf();
        // spark-submit's --master arrives as spark.master and wins, as its options win over a job's
        String master = conf.contains("spark.master") ? conf.get("spark.master")
                : experiment.execution().master() != null ? experiment.execution().master() : "local[*]";
        conf.setMaster(master);
        if (!master.startsWith("local[") && !master.equals("local") && !conf.contains("spark.jars")
                && !conf.contains("spark.executor.extraClassPath")) {
            conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        }
        if (!conf.contains("spark.executor.extraJavaOptions")) {
            conf.set("spark.executor.extraJavaOptions", "-XX:+UseSerialGC " + JavaOptions.OPENS);
        }
        if (!conf.contains("spark.executorEnv.OMP_NUM_THREADS")) {
            conf.set("spark.executorEnv.OMP_NUM_THREADS", "1");
        }
        SparkTrials spark = SparkTrials.start(conf);
        return new TrialExecutor() {
            @Override
            public List<ExecutedTrial> evaluateAll(List<TrialConfig> configs) {
                return spark.evaluate(experiment.file(), configs, inputs, experiment.execution().shardQuestions()).stream()
                        .map(e -> new ExecutedTrial(e.result(), e.worker())).toList();
            }

            @Override
            public String description() {
                int shard = experiment.execution().shardQuestions();
                return "spark " + spark.master() + " (" + spark.parallelism() + " task slots"
                        + (shard > 0 ? ", " + shard + " questions per task" : "") + ")";
            }

            @Override
            public void close() {
                spark.close();
            }
        };
    }

    private static void quietLogger(String name) {
        String key = "org.slf4j.simpleLogger.log." + name;
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }
}
