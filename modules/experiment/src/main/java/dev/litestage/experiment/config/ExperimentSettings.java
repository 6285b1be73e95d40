package dev.litestage.experiment.config;

import dev.litestage.search.BudgetRanking;
import dev.litestage.search.Genome;
import dev.litestage.search.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Every setting of an experiment file, declared once (key, type, default, rules, meaning). The
 * loader reads files with these groups; MLflow params, a profile's provenance and the config
 * reference (docs/configuration.md) are derived from them ({@link #reference()}).
 */
public final class ExperimentSettings {

    private ExperimentSettings() {
    }

    // ---- the experiment file itself ----

    public static final Setting<String> NAME = Setting.of("name", SettingType.TEXT,
            "the experiment's name: its MLflow experiment, report and work folders")
            .must(n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), "must be letters, digits, '.', '_' or '-' (it names folders)")
            .derivedWhenAbsent("the file name without .yaml");
    public static final Setting<String> DESCRIPTION = Setting.of("description", SettingType.TEXT,
            "free text, shown nowhere but the file");
    public static final Setting<Long> SEED = Setting.of("seed", SettingType.LONG,
            "the experiment's seed: search seed unless search.seed is set").defaultsTo(1L);
    public static final Setting<String> OUTPUT = Setting.of("output", SettingType.TEXT,
            "the report folder (profile, HTML report, plots)").derivedWhenAbsent("reports/<name>");
    public static final Setting<String> WORK_DIR = Setting.of("work_dir", SettingType.TEXT,
            "the work folder (trial journal, importance, cost model, MLflow outbox)").derivedWhenAbsent("runs/<name>");

    /** Sections of the experiment file: each a config file path or a mapping (that may {@code include:} one). */
    public static final Set<String> SECTIONS = Set.of("model", "data", "stages", "search", "tracking", "engine", "execution");

    public static final SettingGroup EXPERIMENT = SettingGroup.of("", "the experiment file",
            NAME, DESCRIPTION, SEED, OUTPUT, WORK_DIR);

    // ---- model ----

    public static final Setting<String> MODEL_PATH = Setting.of("path", SettingType.TEXT,
            "a Hugging Face model directory or a llama2.c checkpoint").required();
    public static final Setting<String> MODEL_TOKENIZER = Setting.of("tokenizer", SettingType.TEXT,
            "the tokenizer file").derivedWhenAbsent("the one beside the model");

    public static final SettingGroup MODEL = SettingGroup.of("model", "where the model lives", MODEL_PATH, MODEL_TOKENIZER);

    // ---- data ----

    public static final Setting<String> BENCHMARK = Setting.of("benchmark",
            SettingType.oneOf("reference", "obqa", "csqa", "strategyqa", "csv", "jsonl"),
            "the benchmark, or csv/jsonl for your own files").required();
    public static final Setting<String> ROOT = Setting.of("root", SettingType.TEXT,
            "the folder holding a benchmark's files (benchmarks only)");
    public static final Setting<java.util.Map<String, String>> FILES = Setting.of("files",
            SettingType.textByKey(Set.of("train", "dev", "test")), "per split, your data file (csv/jsonl only)");
    public static final Setting<String> SELECT_SPLIT = Setting.of("select_split", SettingType.oneOf("train", "dev", "test"),
            "the split the search selects on").defaultsTo("dev");
    public static final Setting<String> EVAL_SPLIT = Setting.of("eval_split", SettingType.oneOf("train", "dev", "test"),
            "the split reported accuracy and speedup use").defaultsTo("test");
    public static final Setting<Integer> SELECT_SAMPLE = Setting.of("select_sample", SettingType.WHOLE_NUMBER,
            "questions sampled from the selection split (0: all)").defaultsTo(0).atLeast(0);
    public static final Setting<Integer> EVAL_SAMPLE = Setting.of("eval_sample", SettingType.WHOLE_NUMBER,
            "questions sampled from the evaluation split (0: all)").defaultsTo(0).atLeast(0);
    public static final Setting<Long> SAMPLE_SEED = Setting.of("sample_seed", SettingType.LONG,
            "the sampling seed").defaultsTo(1L);
    public static final Setting<String> ON_BAD_RECORD = Setting.of("on_bad_record", SettingType.oneOf("fail", "skip"),
            "what a malformed record does: stop the run naming it, or count and report it").defaultsTo("fail");
    public static final Setting<Integer> OPTIONS = Setting.of("options", SettingType.WHOLE_NUMBER,
            "the option count every question of your data must have (0: any)").defaultsTo(0).atLeast(0);

    public static final Setting<String> MAP_ID = Setting.of("id", SettingType.TEXT, "the id column or field");
    public static final Setting<String> MAP_QUESTION = Setting.of("question", SettingType.TEXT,
            "the question column or field (dotted path in JSONL)").required();
    public static final Setting<List<String>> MAP_OPTIONS = Setting.of("options", SettingType.listOf(SettingType.TEXT),
            "the option columns or fields, in label order");
    public static final Setting<String> MAP_OPTIONS_FIELD = Setting.of("options_field", SettingType.TEXT,
            "one column or field holding every option (with option_separator, or a JSON list)");
    public static final Setting<String> MAP_OPTION_SEPARATOR = Setting.of("option_separator", SettingType.TEXT,
            "the separator inside options_field");
    public static final Setting<String> MAP_ANSWER = Setting.of("answer", SettingType.TEXT,
            "the gold answer column or field").required();
    public static final Setting<String> MAP_ANSWER_FORM = Setting.of("answer_form",
            SettingType.oneOf("label", "text", "label-or-text"), "how the answer is written").defaultsTo("label-or-text");

    public static final SettingGroup MAPPING = SettingGroup.of("mapping", "columns or fields of your CSV/JSONL data",
            MAP_ID, MAP_QUESTION, MAP_OPTIONS, MAP_OPTIONS_FIELD, MAP_OPTION_SEPARATOR, MAP_ANSWER, MAP_ANSWER_FORM);

    public static final SettingGroup DATA = SettingGroup.of("data", "which questions",
            BENCHMARK, ROOT, FILES, SELECT_SPLIT, EVAL_SPLIT, SELECT_SAMPLE, EVAL_SAMPLE, SAMPLE_SEED, ON_BAD_RECORD, OPTIONS)
            .with(MAPPING);

    // ---- stages ----

    public static final Setting<String> STAGE_NAME = Setting.of("name", SettingType.TEXT,
            "the stage's name in profiles and reports").required();
    public static final Setting<String> STAGE_PREFIX = Setting.of("prefix", SettingType.TEXT,
            "the opening of the stage's line, e.g. Recall:").required();
    public static final Setting<String> STAGE_OPTION_PREFIX = Setting.of("option_prefix", SettingType.TEXT,
            "for a per-option stage, the opening of each option's piece, containing {label}");
    public static final Setting<Integer> STAGE_MAX_NEW_TOKENS = Setting.of("max_new_tokens", SettingType.WHOLE_NUMBER,
            "the token budget of one generation").defaultsTo(48).atLeast(1);
    public static final Setting<List<String>> STAGE_STOP = Setting.of("stop", SettingType.listOf(SettingType.TEXT),
            "generation stops before any of these strings").defaultsTo(List.of("\n"));

    /** The shape of each item of {@code stages:}. */
    public static final SettingGroup STAGE = SettingGroup.of("stages[i]", "one stage",
            STAGE_NAME, STAGE_PREFIX, STAGE_OPTION_PREFIX, STAGE_MAX_NEW_TOKENS, STAGE_STOP);

    // ---- search ----

    public static final Setting<Strategy> STRATEGY = Setting.of("strategy",
            SettingType.parsed("one of greedy, genetic, pareto, uniform, adaskip, none", Strategy::parse, Strategy::token),
            "the search strategy or baseline").defaultsTo(Strategy.GREEDY);
    public static final Setting<Double> EPSILON = Setting.of("epsilon", SettingType.NUMBER,
            "accuracy points the search may give up: the target is full-model accuracy minus epsilon")
            .defaultsTo(2.0).between(0, 100);
    public static final Setting<Double> TARGET_CONFIDENCE = Setting.of("target_confidence", SettingType.NUMBER,
            "0: a trial meets the target by its measured accuracy; a level in (0.5, 1): by the Wilson lower bound"
                    + " of its accuracy at that level").defaultsTo(0.0)
            .must(v -> v == 0 || (v > 0.5 && v < 1), "must be 0 (off) or a level in (0.5, 1)");
    public static final Setting<Integer> KMAX = Setting.of("kmax", SettingType.WHOLE_NUMBER,
            "the most sublayers one stage may skip").defaultsTo(8).atLeast(0);
    public static final Setting<BudgetRanking> RANKING = Setting.of("ranking",
            SettingType.parsed("per-stage or accumulated", BudgetRanking::parse, BudgetRanking::token),
            "which importance ranking a stage's budget draws from").defaultsTo(BudgetRanking.PER_STAGE);
    public static final Setting<Genome> GENOME = Setting.of("genome",
            SettingType.parsed("budgets or masks", Genome::parse, Genome::token),
            "how the genetic strategy encodes a configuration").defaultsTo(Genome.BUDGETS);
    public static final Setting<Integer> POPULATION = Setting.of("population", SettingType.WHOLE_NUMBER,
            "genetic and NSGA-II population").defaultsTo(16).atLeast(2);
    public static final Setting<Integer> GENERATIONS = Setting.of("generations", SettingType.WHOLE_NUMBER,
            "genetic and NSGA-II generations").defaultsTo(10).atLeast(1);
    public static final Setting<Long> SEARCH_SEED = Setting.of("seed", SettingType.LONG,
            "the search's random seed").derivedWhenAbsent("the experiment's seed");
    public static final Setting<Integer> MAX_EVALUATIONS = Setting.of("max_evaluations", SettingType.WHOLE_NUMBER,
            "the most distinct trials a strategy may evaluate, the full model included")
            .derivedWhenAbsent("unlimited").atLeast(1);
    public static final Setting<Double> MUTATION_PROBABILITY = Setting.of("mutation_probability", SettingType.NUMBER,
            "per-gene mutation probability").defaultsTo(0.2).between(0, 1);
    public static final Setting<Double> CROSSOVER_PROBABILITY = Setting.of("crossover_probability", SettingType.NUMBER,
            "per-individual crossover probability").defaultsTo(0.5).between(0, 1);
    public static final Setting<Integer> CALIBRATION_QUESTIONS = Setting.of("calibration_questions", SettingType.WHOLE_NUMBER,
            "selection questions whose prompts measure sublayer importance").defaultsTo(16).atLeast(1);
    public static final Setting<Integer> SPEEDUP_ROUNDS = Setting.of("speedup_rounds", SettingType.WHOLE_NUMBER,
            "rounds of the final batch-1 timing: each times every timing question with the full model and the"
                    + " profile, back to back, in alternating order").defaultsTo(1).atLeast(1);
    public static final Setting<Integer> TIMING_QUESTIONS = Setting.of("timing_questions", SettingType.WHOLE_NUMBER,
            "evaluation questions timed one at a time for the speedup and its 95 % interval (0: all)")
            .defaultsTo(50).atLeast(0);
    public static final Setting<Integer> SERVING_BATCH = Setting.of("serving_batch", SettingType.WHOLE_NUMBER,
            "questions answered together for the final accuracy and the throughput speedup")
            .derivedWhenAbsent("engine.batch_questions").atLeast(1);
    public static final Setting<Integer> WORKERS = Setting.of("workers", SettingType.WHOLE_NUMBER,
            "questions answered in parallel during the search, each worker on its own model replica"
                    + " (cost-model latency only)").defaultsTo(1).atLeast(1);
    public static final Setting<List<Strategy>> COMPARE = Setting.of("compare",
            SettingType.listOf(SettingType.parsed("a strategy name", Strategy::parse, Strategy::token)),
            "more strategies run at the same evaluation budget, for the comparison table").defaultsTo(List.of());

    public static final Setting<Boolean> EARLY_EXIT_ENABLED = Setting.of("enabled", SettingType.BOOLEAN,
            "whether searched configurations stop a stage when its confidence collapses").defaultsTo(true);
    public static final Setting<Integer> EARLY_EXIT_WINDOW = Setting.of("window", SettingType.WHOLE_NUMBER,
            "tokens whose mean confidence is watched").defaultsTo(3).atLeast(1);
    public static final Setting<Double> EARLY_EXIT_THRESHOLD = Setting.of("threshold", SettingType.NUMBER,
            "mean confidence at or below which the stage stops").defaultsTo(0.5).between(0, 1);

    public static final Setting<List<Integer>> TUNE_WINDOWS = Setting.of("windows", SettingType.listOf(SettingType.WHOLE_NUMBER),
            "windows each stage's early exit is tuned over").defaultsTo(List.of(3))
            .must(l -> !l.isEmpty() && l.stream().allMatch(w -> w >= 1), "must be a non-empty list of windows >= 1");
    public static final Setting<List<Double>> TUNE_THRESHOLDS = Setting.of("thresholds", SettingType.listOf(SettingType.NUMBER),
            "thresholds each stage's early exit is tuned over").defaultsTo(List.of(0.3, 0.5, 0.7))
            .must(l -> !l.isEmpty() && l.stream().allMatch(t -> t >= 0 && t <= 1),
                    "must be a non-empty list of thresholds in [0, 1]");

    /**
     * {@code search.early_exit.tune:} present, the search tunes each stage's early exit over off and
     * every window x threshold (greedy: after the stage's budget; genetic, pareto: a gene per stage).
     */
    public static final SettingGroup EARLY_EXIT_TUNE = SettingGroup.of("tune",
            "per-stage early-exit search (absent: every stage runs the setting above)", TUNE_WINDOWS, TUNE_THRESHOLDS);

    /** {@code search.early_exit:} absent, every searched configuration runs without early exit. */
    public static final SettingGroup EARLY_EXIT = SettingGroup.of("early_exit",
            "confidence early exit of searched configurations (absent: off)",
            EARLY_EXIT_ENABLED, EARLY_EXIT_WINDOW, EARLY_EXIT_THRESHOLD).with(EARLY_EXIT_TUNE);

    public static final Setting<String> LATENCY_MODE = Setting.of("mode", SettingType.oneOf("wall-clock", "cost-model"),
            "how a trial's latency is measured: the clock, or the calibrated cost model over its token counts")
            .defaultsTo("wall-clock");
    public static final Setting<Integer> LATENCY_WARMUP = Setting.of("warmup", SettingType.WHOLE_NUMBER,
            "warm-up evaluations before a wall-clock trial").defaultsTo(0).atLeast(0);
    public static final Setting<Integer> LATENCY_REPETITIONS = Setting.of("repetitions", SettingType.WHOLE_NUMBER,
            "timed repetitions of a wall-clock trial (median kept)").defaultsTo(1).atLeast(1);

    public static final SettingGroup LATENCY = SettingGroup.of("latency", "how trial latency is measured",
            LATENCY_MODE, LATENCY_WARMUP, LATENCY_REPETITIONS);

    public static final SettingGroup SEARCH = SettingGroup.of("search", "the strategy and its settings",
            STRATEGY, EPSILON, TARGET_CONFIDENCE, KMAX, RANKING, GENOME, POPULATION, GENERATIONS, SEARCH_SEED,
            MAX_EVALUATIONS, MUTATION_PROBABILITY, CROSSOVER_PROBABILITY, CALIBRATION_QUESTIONS, SPEEDUP_ROUNDS,
            TIMING_QUESTIONS, SERVING_BATCH, WORKERS, COMPARE).with(EARLY_EXIT, LATENCY);

    // ---- tracking ----

    public static final Setting<String> TRACKING_URI = Setting.of("uri", SettingType.TEXT,
            "an MLflow tracking server (http/https) or a file store; wins over --tracking-uri and MLFLOW_TRACKING_URI");
    public static final Setting<String> TRACKING_STORE = Setting.of("store", SettingType.TEXT,
            "the local MLflow file store used when no URI is set anywhere").derivedWhenAbsent("mlruns beside experiments/");
    public static final Setting<String> TRACKING_EXPERIMENT = Setting.of("experiment_name", SettingType.TEXT,
            "the MLflow experiment").derivedWhenAbsent("the experiment's name");

    public static final SettingGroup TRACKING = SettingGroup.of("tracking", "where trials are logged",
            TRACKING_URI, TRACKING_STORE, TRACKING_EXPERIMENT);

    // ---- engine ----

    public static final Setting<Integer> BATCH_QUESTIONS = Setting.of("batch_questions", SettingType.WHOLE_NUMBER,
            "questions a search trial answers together, every stage's generations batched (1: one at a time)")
            .defaultsTo(32).atLeast(1);
    public static final Setting<Integer> MAX_ROWS = Setting.of("max_rows", SettingType.WHOLE_NUMBER,
            "sequences decoding together in one batch").defaultsTo(128).atLeast(1);
    public static final Setting<Integer> MAX_CACHE_MB = Setting.of("max_cache_mb", SettingType.WHOLE_NUMBER,
            "bound on one batch's key/value cache, in MiB").defaultsTo(1024).atLeast(1);
    public static final Setting<Integer> MAX_PREFILL_TOKENS = Setting.of("max_prefill_tokens", SettingType.WHOLE_NUMBER,
            "rows x prompt tokens per prefill call; longer prompts are prefilled in chunks").defaultsTo(4096).atLeast(1);
    public static final Setting<String> BLAS_THREADS = Setting.of("blas_threads", SettingType.TEXT,
            "threads for matrix products: auto (all cores from hidden size 256, else 1) or a number; "
                    + "LITESTAGE_BLAS_THREADS overrides").defaultsTo("auto")
            .must(v -> v.equals("auto") || v.matches("[1-9][0-9]*"), "must be auto or a whole number >= 1");

    public static final SettingGroup ENGINE = SettingGroup.of("engine", "how the model runs batches",
            BATCH_QUESTIONS, MAX_ROWS, MAX_CACHE_MB, MAX_PREFILL_TOKENS, BLAS_THREADS);

    // ---- execution ----

    public static final Setting<String> EXECUTION_ENGINE = Setting.of("engine", SettingType.oneOf("in-process", "spark"),
            "where search trials are evaluated: in this process, or one Apache Spark task per trial (needs the"
                    + " litestage-spark module, `./litestage --with-spark`, and search.latency.mode cost-model)")
            .defaultsTo("in-process");
    public static final Setting<String> EXECUTION_MASTER = Setting.of("master", SettingType.TEXT,
            "the Spark master: local[N], local-cluster[workers,cores,MiB], spark://host:7077, yarn;"
                    + " run --master sets it, spark-submit's --master wins")
            .derivedWhenAbsent("local[*]");

    public static final Setting<Integer> EXECUTION_SHARD_QUESTIONS = Setting.of("shard_questions", SettingType.WHOLE_NUMBER,
            "0: one Spark task per trial; N: one task per N selection questions of a trial (more tasks than a"
                    + " batch has trials, for more hosts than that); a multiple of engine.batch_questions, so every"
                    + " batch holds the questions it holds in one process").defaultsTo(0).atLeast(0);

    public static final SettingGroup EXECUTION = SettingGroup.of("execution", "where search trials are evaluated",
            EXECUTION_ENGINE, EXECUTION_MASTER, EXECUTION_SHARD_QUESTIONS);

    /** Every group of an experiment file, in the order of the reference. */
    public static List<SettingGroup> groups() {
        return List.of(EXPERIMENT, MODEL, DATA, STAGE, SEARCH, TRACKING, ENGINE, EXECUTION);
    }

    /** The dotted prefix a group's keys carry in the reference. */
    static String prefixOf(SettingGroup group) {
        if (group == STAGE) {
            return "stages.stages[i]";
        }
        return group.key();
    }

    /** The config reference as a Markdown table: every setting's key, accepted values, default and meaning. */
    public static String reference() {
        StringBuilder sb = new StringBuilder("| key | accepts | default | meaning |\n|---|---|---|---|\n");
        for (SettingGroup g : groups()) {
            for (List<String> row : g.reference(prefixOf(g))) {
                List<String> cells = new ArrayList<>();
                for (String cell : row) {
                    cells.add(cell.replace("|", "\\|").replace("\n", "\\n"));
                }
                sb.append("| `").append(cells.get(0)).append("` | ").append(cells.get(1)).append(" | ")
                        .append(cells.get(2)).append(" | ").append(cells.get(3)).append(" |\n");
            }
        }
        return sb.toString();
    }
}
