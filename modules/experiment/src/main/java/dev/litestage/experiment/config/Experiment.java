package dev.litestage.experiment.config;

import dev.litestage.benchmark.data.BadRecordPolicy;
import dev.litestage.benchmark.data.Split;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.Strategy;
import java.nio.file.Path;
import java.util.List;

/**
 * A validated experiment: everything a run needs, with defaults applied and paths absolute.
 * Built by {@link ExperimentLoader}, which checks it all before any work starts.
 *
 * @param name        experiment name (MLflow experiment, report folder)
 * @param file        the experiment file
 * @param model       model location
 * @param data        dataset plan
 * @param stages      the reasoning stages in order
 * @param search      search settings (validated by the search module)
 * @param measurement how trial latency is measured and how the final speedup is taken
 * @param tracking    where trials are logged
 * @param engine      how the model runs batches
 * @param execution   where search trials are evaluated
 * @param outputDir   the report folder ({@code reports/<name>} by default)
 * @param workDir     trial journal, importance and profile ({@code runs/<name>} by default)
 * @param seed        the experiment's seed (sampling, search)
 * @param settings    every setting with its value (written or defaulted), by dotted YAML key and
 *                    as the user writes it ({@code search.epsilon} = {@code 4}): MLflow params and
 *                    profile provenance
 */
public record Experiment(
        String name,
        Path file,
        ModelPlan model,
        DataPlan data,
        List<StageSpec> stages,
        SearchConfig search,
        Measurement measurement,
        TrackingPlan tracking,
        EnginePlan engine,
        ExecutionPlan execution,
        Path outputDir,
        Path workDir,
        long seed,
        java.util.Map<String, String> settings) {

    public Experiment {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }

    /**
     * How the model runs batches.
     *
     * @param batchQuestions questions a search trial answers together (1: one at a time)
     * @param limits         the engine's batch limits (rows, cache, prefill tokens)
     * @param blasThreads    {@code auto} or a thread count for matrix products
     */
    public record EnginePlan(int batchQuestions, dev.litestage.model.BatchLimits limits, String blasThreads) {}

    /**
     * Where search trials are evaluated.
     *
     * @param engine         {@code in-process} or {@code spark}
     * @param master         the Spark master, or null: spark-submit's, else {@code local[*]}
     * @param shardQuestions selection questions per task (0: a whole trial per task)
     */
    public record ExecutionPlan(String engine, String master, int shardQuestions) {

        /** Trials in this process, one after another. */
        public static final ExecutionPlan IN_PROCESS = new ExecutionPlan("in-process", null, 0);

        /** Whether trials go to another engine than this process. */
        public boolean distributed() {
            return !engine.equals("in-process");
        }
    }

    /** This experiment evaluating its search trials by {@code plan} instead (its settings say so too). */
    public Experiment withExecution(ExecutionPlan plan) {
        java.util.Map<String, String> changed = new java.util.LinkedHashMap<>(settings);
        changed.put("execution.engine", plan.engine());
        if (plan.master() != null) {
            changed.put("execution.master", plan.master());
        }
        return new Experiment(name, file, model, data, stages, search, measurement, tracking, engine, plan, outputDir,
                workDir, seed, changed);
    }

    /** Where the model lives; {@code tokenizer} may be null (the one beside the model). */
    public record ModelPlan(Path path, Path tokenizer) {}

    /**
     * Which questions are used.
     *
     * @param benchmark    {@code reference}, {@code obqa}, {@code csqa}, {@code strategyqa}, {@code csv} or {@code jsonl}
     * @param root         folder of the benchmark's files (benchmarks)
     * @param files        per split, the user data file (csv/jsonl)
     * @param mapping      column mapping of user data, or null
     * @param selectSplit  split the search selects on (dev by default)
     * @param evalSplit    split reported accuracy uses (test by default)
     * @param selectSample questions sampled from the selection split (0 = all)
     * @param evalSample   questions sampled from the evaluation split (0 = all)
     * @param sampleSeed   sampling seed
     * @param onBadRecord  skip or fail on a bad record
     * @param options      expected option count for user data (0 = any)
     */
    public record DataPlan(String benchmark, Path root, java.util.Map<Split, Path> files,
                           dev.litestage.benchmark.data.FieldMapping mapping, Split selectSplit, Split evalSplit,
                           int selectSample, int evalSample, long sampleSeed, BadRecordPolicy onBadRecord, int options) {}

    /**
     * How latency is measured.
     *
     * @param costModel            trials use the calibrated cost model (deterministic) instead of wall clock
     * @param warmup               warm-up evaluations before timing a wall-clock trial
     * @param repetitions          timed repetitions per wall-clock trial (median kept)
     * @param calibrationQuestions questions whose stage prompts measure importance
     * @param speedupRounds        rounds of the final batch-1 timing (every timing question by both, paired)
     * @param timingQuestions      evaluation questions timed at batch 1 for the speedup (0: all)
     * @param servingBatch         questions answered together for the final accuracy and throughput
     * @param workers              questions answered in parallel by search trials (model replicas);
     *                             above 1 only with the cost model, since parallel runs contend for the clock
     * @param compare              extra strategies run at the same evaluation budget for the comparison table
     */
    public record Measurement(boolean costModel, int warmup, int repetitions, int calibrationQuestions,
                              int speedupRounds, int timingQuestions, int servingBatch, int workers,
                              List<Strategy> compare) {}

    /**
     * Tracking: {@code uri} from the config (null when unset), and the local store used when no
     * URI is given anywhere.
     */
    public record TrackingPlan(String uri, Path store, String experimentName) {}
}
