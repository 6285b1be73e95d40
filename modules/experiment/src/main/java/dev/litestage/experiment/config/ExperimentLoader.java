package dev.litestage.experiment.config;

import static dev.litestage.experiment.config.ExperimentSettings.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.benchmark.data.BadRecordPolicy;
import dev.litestage.benchmark.data.Benchmark;
import dev.litestage.benchmark.data.FieldMapping;
import dev.litestage.benchmark.data.Split;
import dev.litestage.model.BatchLimits;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates an experiment file and the config files it composes, before any work
 * starts, with the declarations of {@link ExperimentSettings}. Every problem is a
 * {@link ConfigException} naming the file, the key as written in YAML and what was expected: an
 * unknown key, a wrong type, a missing file, an out-of-range value. Keys of a section written
 * inline in the experiment file carry the section's name ({@code search.kmax}); keys of an
 * included file stand alone, with that file named.
 */
public final class ExperimentLoader {

    private final Path experimentFile;

    private ExperimentLoader(Path experimentFile) {
        this.experimentFile = experimentFile;
    }

    /** Loads {@code file}; relative paths inside are relative to the file that writes them. */
    public static Experiment load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return new ExperimentLoader(abs).load(ConfigTree.read(abs));
    }

    private Experiment load(ObjectNode root) {
        SettingValues top = EXPERIMENT.read(root, experimentFile, "", SECTIONS);
        String name = top.get(NAME) != null ? top.get(NAME) : stripYaml(experimentFile.getFileName().toString());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigException(experimentFile, "name", "'" + name
                    + "' must be letters, digits, '.', '_' or '-' (it names folders); set name: in the file");
        }
        SettingValues model = section(root, "model", MODEL, true);
        SettingValues data = section(root, "data", DATA, true);
        ConfigTree.Section stagesSection = ConfigTree.section(root.get("stages"), experimentFile, "stages");
        SettingValues search = section(root, "search", SEARCH, false);
        SettingValues tracking = section(root, "tracking", TRACKING, false);
        SettingValues engine = section(root, "engine", ENGINE, false);
        Experiment.EnginePlan enginePlan = enginePlan(engine);
        SettingValues execution = section(root, "execution", EXECUTION, false);

        Path projectDir = experimentFile.getParent().getParent() != null ? experimentFile.getParent().getParent()
                : experimentFile.getParent();
        long seed = top.get(SEED);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.putAll(top.flatten(""));
        settings.put("name", name);
        settings.putAll(model.flatten("model"));
        settings.putAll(data.flatten("data"));
        settings.putAll(search.flatten("search"));
        settings.putAll(tracking.flatten("tracking"));
        settings.putAll(engine.flatten("engine"));
        settings.putAll(execution.flatten("execution"));
        List<StageSpec> stages = stageSpecs(stagesSection, settings);
        Experiment.Measurement measurement = measurement(search, enginePlan);
        Experiment.ExecutionPlan executionPlan = new Experiment.ExecutionPlan(execution.get(EXECUTION_ENGINE),
                execution.get(EXECUTION_MASTER), execution.get(EXECUTION_SHARD_QUESTIONS));
        if (executionPlan.shardQuestions() % enginePlan.batchQuestions() != 0) {
            throw new ConfigException(experimentFile, "execution.shard_questions", executionPlan.shardQuestions()
                    + " is not a multiple of engine.batch_questions (" + enginePlan.batchQuestions()
                    + "): a shard's batches would hold other questions than in one process");
        }
        if (executionPlan.distributed() && !measurement.costModel()) {
            throw new ConfigException(experimentFile, "execution.engine", executionPlan.engine()
                    + " needs search.latency.mode: cost-model (wall-clock latencies taken on different machines are not"
                    + " comparable; the final speedup is still timed on this machine)");
        }
        return new Experiment(
                name,
                experimentFile,
                modelPlan(model),
                dataPlan(data),
                stages,
                searchConfig(search, seed),
                measurement,
                trackingPlan(tracking, projectDir, name),
                enginePlan,
                executionPlan,
                top.get(OUTPUT) != null ? Path.of(top.get(OUTPUT)) : projectDir.resolve("reports").resolve(name),
                top.get(WORK_DIR) != null ? Path.of(top.get(WORK_DIR)) : projectDir.resolve("runs").resolve(name),
                seed,
                settings);
    }

    private static String stripYaml(String fileName) {
        return fileName.replaceFirst("\\.ya?ml$", "");
    }

    /** A section's values; its keys carry the section's name only when it is written inline. */
    private SettingValues section(ObjectNode root, String key, SettingGroup group, boolean required) {
        ConfigTree.Section section = ConfigTree.section(root.get(key), experimentFile, key);
        if (section == null) {
            if (required) {
                throw new ConfigException(experimentFile, key, "missing; expected a config file path or a mapping");
            }
            return group.read(null, experimentFile, key, Set.of());
        }
        String prefix = section.file().equals(experimentFile) ? key : "";
        return group.read(section.tree(), section.file(), prefix, Set.of());
    }

    private static Experiment.ModelPlan modelPlan(SettingValues m) {
        Path path = Path.of(m.get(MODEL_PATH));
        if (!Files.exists(path)) {
            throw m.refuse(MODEL_PATH, "no such model: " + path);
        }
        if (!Files.isReadable(path)) {
            throw m.refuse(MODEL_PATH, "cannot be read: " + path);
        }
        Path tokenizer = m.get(MODEL_TOKENIZER) == null ? null : Path.of(m.get(MODEL_TOKENIZER));
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw m.refuse(MODEL_TOKENIZER, "no such tokenizer file: " + tokenizer);
        }
        return new Experiment.ModelPlan(path, tokenizer);
    }

    private static Experiment.DataPlan dataPlan(SettingValues d) {
        String benchmark = d.get(BENCHMARK);
        Split select = Split.parse(d.get(SELECT_SPLIT));
        Split eval = Split.parse(d.get(EVAL_SPLIT));
        Map<Split, Path> files = new EnumMap<>(Split.class);
        FieldMapping mapping = null;
        Path root = null;
        if (benchmark.equals("csv") || benchmark.equals("jsonl")) {
            if (d.get(FILES) == null || d.get(FILES).isEmpty()) {
                throw d.refuse(FILES, "missing; user data needs files per split, e.g. dev: my-dev.csv");
            }
            for (Map.Entry<String, String> e : d.get(FILES).entrySet()) {
                Path f = Path.of(e.getValue());
                if (!Files.isRegularFile(f)) {
                    throw new ConfigException(d.file(), d.keyOf(FILES) + "." + e.getKey(), "no such file: " + f);
                }
                files.put(Split.parse(e.getKey()), f);
            }
            for (Split needed : new Split[] {select, eval}) {
                if (!files.containsKey(needed)) {
                    throw d.refuse(FILES, "no file for the " + needed.id() + " split, which the experiment uses");
                }
            }
            mapping = mapping(d.group("mapping"));
        } else {
            Benchmark.parse(benchmark);
            if (d.get(ROOT) == null) {
                throw d.refuse(ROOT, "missing; expected the folder holding the benchmark's files");
            }
            root = Path.of(d.get(ROOT));
            if (!Files.isDirectory(root)) {
                throw d.refuse(ROOT, "no such folder: " + root);
            }
        }
        BadRecordPolicy policy = BadRecordPolicy.valueOf(d.get(ON_BAD_RECORD).toUpperCase(Locale.ROOT));
        return new Experiment.DataPlan(benchmark, root, files, mapping, select, eval, d.get(SELECT_SAMPLE),
                d.get(EVAL_SAMPLE), d.get(SAMPLE_SEED), policy, d.get(OPTIONS));
    }

    private static FieldMapping mapping(SettingValues m) {
        if (!m.present()) {
            throw m.refuse("missing; user data needs a column mapping (question, options or options_field, answer)");
        }
        FieldMapping.AnswerForm form = FieldMapping.AnswerForm.valueOf(
                m.get(MAP_ANSWER_FORM).toUpperCase(Locale.ROOT).replace('-', '_'));
        try {
            return new FieldMapping(m.get(MAP_ID), m.get(MAP_QUESTION), m.get(MAP_OPTIONS), m.get(MAP_OPTIONS_FIELD),
                    m.get(MAP_OPTION_SEPARATOR), m.get(MAP_ANSWER), form);
        } catch (IllegalArgumentException e) {
            throw m.refuse(e.getMessage());
        }
    }

    private List<StageSpec> stageSpecs(ConfigTree.Section section, Map<String, String> settings) {
        if (section == null) {
            return MultiStagePipeline.standardStages();
        }
        Path file = section.file();
        String p = section.file().equals(experimentFile) ? "stages" : "";
        ObjectNode tree = section.tree();
        for (var it = tree.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("stages")) {
                throw new ConfigException(file, SettingGroup.join(p, key), "unknown key (expected one of: stages)");
            }
        }
        JsonNode list = tree.get("stages");
        if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
            return MultiStagePipeline.standardStages();
        }
        if (!list.isArray()) {
            throw new ConfigException(file, SettingGroup.join(p, "stages"), "expected a list of stages, found "
                    + ConfigTree.kind(list));
        }
        List<StageSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = SettingGroup.join(p, "stages[" + i + "]");
            SettingValues e = STAGE.read(list.get(i), file, key, Set.of());
            if (!names.add(e.get(STAGE_NAME))) {
                throw e.refuse(STAGE_NAME, "stage '" + e.get(STAGE_NAME) + "' appears twice");
            }
            try {
                specs.add(new StageSpec(e.get(STAGE_NAME), e.get(STAGE_PREFIX), e.get(STAGE_OPTION_PREFIX),
                        e.get(STAGE_MAX_NEW_TOKENS), e.get(STAGE_STOP)));
            } catch (IllegalArgumentException ex) {
                throw e.refuse(ex.getMessage());
            }
            settings.putAll(e.flatten("stages[" + i + "]"));
        }
        return specs;
    }

    private static SearchConfig searchConfig(SettingValues s, long experimentSeed) {
        SettingValues ee = s.group("early_exit");
        EarlyExit earlyExit = ee.present() && ee.get(EARLY_EXIT_ENABLED)
                ? EarlyExit.of(ee.get(EARLY_EXIT_WINDOW), ee.get(EARLY_EXIT_THRESHOLD)) : EarlyExit.OFF;
        SettingValues tune = ee.group("tune");
        List<EarlyExit> candidates = new ArrayList<>();
        if (tune.present()) {
            candidates.add(EarlyExit.OFF);
            for (int window : tune.get(TUNE_WINDOWS)) {
                for (double threshold : tune.get(TUNE_THRESHOLDS)) {
                    candidates.add(EarlyExit.of(window, threshold));
                }
            }
        }
        return SearchConfig.builder()
                .strategy(s.get(STRATEGY))
                .epsilon(s.get(EPSILON) / 100.0)
                .targetConfidence(s.get(TARGET_CONFIDENCE))
                .kmax(s.get(KMAX))
                .ranking(s.get(RANKING))
                .genome(s.get(GENOME))
                .population(s.get(POPULATION))
                .generations(s.get(GENERATIONS))
                .seed(s.get(SEARCH_SEED) != null ? s.get(SEARCH_SEED) : experimentSeed)
                .maxEvaluations(s.get(MAX_EVALUATIONS) != null ? s.get(MAX_EVALUATIONS) : Integer.MAX_VALUE)
                .mutationProbability(s.get(MUTATION_PROBABILITY))
                .crossoverProbability(s.get(CROSSOVER_PROBABILITY))
                .earlyExit(earlyExit)
                .earlyExitCandidates(candidates)
                .build();
    }

    private static Experiment.Measurement measurement(SettingValues s, Experiment.EnginePlan engine) {
        SettingValues latency = s.group("latency");
        boolean costModel = latency.get(LATENCY_MODE).equals("cost-model");
        int workers = s.get(WORKERS);
        if (workers > 1 && !costModel) {
            throw s.refuse(WORKERS, workers + " parallel workers need latency.mode: cost-model;"
                    + " with wall-clock latency, questions running side by side would slow each other's timings");
        }
        List<Strategy> compare = s.get(COMPARE);
        int servingBatch = s.get(SERVING_BATCH) != null ? s.get(SERVING_BATCH) : engine.batchQuestions();
        return new Experiment.Measurement(costModel, latency.get(LATENCY_WARMUP), latency.get(LATENCY_REPETITIONS),
                s.get(CALIBRATION_QUESTIONS), s.get(SPEEDUP_ROUNDS), s.get(TIMING_QUESTIONS), servingBatch, workers,
                List.copyOf(compare));
    }

    private static Experiment.TrackingPlan trackingPlan(SettingValues t, Path projectDir, String name) {
        Path store = t.get(TRACKING_STORE) != null ? Path.of(t.get(TRACKING_STORE)) : projectDir.resolve("mlruns");
        return new Experiment.TrackingPlan(t.get(TRACKING_URI), store,
                t.get(TRACKING_EXPERIMENT) != null ? t.get(TRACKING_EXPERIMENT) : name);
    }

    private static Experiment.EnginePlan enginePlan(SettingValues e) {
        BatchLimits limits = new BatchLimits(e.get(MAX_ROWS), (long) e.get(MAX_CACHE_MB) << 20, e.get(MAX_PREFILL_TOKENS));
        return new Experiment.EnginePlan(e.get(BATCH_QUESTIONS), limits, e.get(BLAS_THREADS));
    }
}
