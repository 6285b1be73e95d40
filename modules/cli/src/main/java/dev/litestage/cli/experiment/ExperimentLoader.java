package dev.litestage.cli.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.benchmark.data.BadRecordPolicy;
import dev.litestage.benchmark.data.Benchmark;
import dev.litestage.benchmark.data.FieldMapping;
import dev.litestage.benchmark.data.Split;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.search.SearchConfig;
import dev.litestage.search.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates an experiment file and the config files it composes, before any work
 * starts. Every problem is a {@link ConfigException} naming the file, the key and what was
 * expected: an unknown key, a wrong type, a missing file, an out-of-range value.
 */
public final class ExperimentLoader {

    private static final ObjectMapper BINDER = ConfigTree.YAML.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** The experiment file being loaded: keys of sections written inline in it carry the section's name. */
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
        Path abs = experimentFile;
        Sections.ExperimentFile top = bind(root, abs, "", Sections.ExperimentFile.class);
        String name = top.name() != null ? top.name() : stripYaml(abs.getFileName().toString());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigException(abs, "name", "'" + name + "' must be letters, digits, '.', '_' or '-' (it names folders)");
        }

        Sections.ModelSection model = typed(root, abs, "model", Sections.ModelSection.class, true);
        Sections.DataSection data = typed(root, abs, "data", Sections.DataSection.class, true);
        Sections.StagesSection stages = typed(root, abs, "stages", Sections.StagesSection.class, false);
        Sections.SearchSection search = typed(root, abs, "search", Sections.SearchSection.class, false);
        Sections.TrackingSection tracking = typed(root, abs, "tracking", Sections.TrackingSection.class, false);

        Path projectDir = abs.getParent().getParent() != null ? abs.getParent().getParent() : abs.getParent();
        long seed = top.seed() == null ? 1 : top.seed();
        return new Experiment(
                name,
                abs,
                modelPlan(model, sectionFile(root, abs, "model")),
                dataPlan(data, sectionFile(root, abs, "data")),
                stageSpecs(stages, sectionFile(root, abs, "stages")),
                searchConfig(search, sectionFile(root, abs, "search"), seed),
                measurement(search, sectionFile(root, abs, "search")),
                trackingPlan(tracking, projectDir, name),
                top.output() != null ? Path.of(top.output()) : projectDir.resolve("reports").resolve(name),
                top.workDir() != null ? Path.of(top.workDir()) : projectDir.resolve("runs").resolve(name),
                seed);
    }

    private static String stripYaml(String fileName) {
        return fileName.replaceFirst("\\.ya?ml$", "");
    }

    /** The file a section's errors should name: the included file when the section is a path. */
    private static Path sectionFile(ObjectNode root, Path file, String key) {
        JsonNode node = root.get(key);
        return node != null && node.isTextual() ? Path.of(node.asText()) : file;
    }

    private <T> T typed(ObjectNode root, Path file, String key, Class<T> type, boolean required) {
        ConfigTree.Section section = ConfigTree.section(root.get(key), file, key);
        if (section == null) {
            if (required) {
                throw new ConfigException(file, key, "missing; expected a config file path or a mapping");
            }
            return null;
        }
        String prefix = section.file().equals(file) ? key : "";
        return bind(section.tree(), section.file(), prefix, type);
    }

    static <T> T bind(JsonNode tree, Path file, String prefix, Class<T> type) {
        try {
            return BINDER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).map(ExperimentLoader::snake).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(file, join(prefix, path(e)), "unknown key (expected one of: " + known + ")");
        } catch (MismatchedInputException e) {
            String target = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            throw new ConfigException(file, join(prefix, path(e)), "wrong type: expected " + target);
        } catch (JsonMappingException e) {
            throw new ConfigException(file, join(prefix, path(e)), e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file, prefix, e.getOriginalMessage());
        }
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(snake(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String snake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String join(String prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        return key.isEmpty() ? prefix : prefix + "." + key;
    }

    private Experiment.ModelPlan modelPlan(Sections.ModelSection m, Path file) {
        String prefix = prefix(file, "model");
        if (m.path() == null) {
            throw new ConfigException(file, join(prefix, "path"), "missing; expected the model directory or checkpoint");
        }
        Path path = Path.of(m.path());
        if (!Files.exists(path)) {
            throw new ConfigException(file, join(prefix, "path"), "no such model: " + path);
        }
        Path tokenizer = m.tokenizer() == null ? null : Path.of(m.tokenizer());
        if (tokenizer != null && !Files.isRegularFile(tokenizer)) {
            throw new ConfigException(file, join(prefix, "tokenizer"), "no such tokenizer file: " + tokenizer);
        }
        return new Experiment.ModelPlan(path, tokenizer);
    }

    /** Keys of a section written in the experiment file carry its name; keys of an included file stand alone. */
    private String prefix(Path sectionFile, String section) {
        return sectionFile.equals(experimentFile) ? section : "";
    }


    private Experiment.DataPlan dataPlan(Sections.DataSection d, Path file) {
        String p = prefix(file, "data");
        if (d.benchmark() == null) {
            throw new ConfigException(file, join(p, "benchmark"),
                    "missing; expected reference, obqa, csqa, strategyqa, csv or jsonl");
        }
        String benchmark = d.benchmark().trim().toLowerCase(Locale.ROOT);
        Split select = split(d.selectSplit(), Split.DEV, file, join(p, "select_split"));
        Split eval = split(d.evalSplit(), Split.TEST, file, join(p, "eval_split"));
        Map<Split, Path> files = new EnumMap<>(Split.class);
        FieldMapping mapping = null;
        Path root = null;
        if (benchmark.equals("csv") || benchmark.equals("jsonl")) {
            if (d.files() == null || d.files().isEmpty()) {
                throw new ConfigException(file, join(p, "files"), "missing; user data needs files per split, e.g. dev: my-dev.csv");
            }
            for (Map.Entry<String, String> e : d.files().entrySet()) {
                Split s = split(e.getKey(), null, file, join(p, "files." + e.getKey()));
                Path f = Path.of(e.getValue());
                if (!Files.isRegularFile(f)) {
                    throw new ConfigException(file, join(p, "files." + e.getKey()), "no such file: " + f);
                }
                files.put(s, f);
            }
            for (Split needed : new Split[] {select, eval}) {
                if (!files.containsKey(needed)) {
                    throw new ConfigException(file, join(p, "files"), "no file for the " + needed.id() + " split, which the experiment uses");
                }
            }
            mapping = mapping(d.mapping(), file, join(p, "mapping"));
        } else {
            try {
                Benchmark.parse(benchmark);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, join(p, "benchmark"), "unknown benchmark '" + d.benchmark()
                        + "' (expected reference, obqa, csqa, strategyqa, csv or jsonl)");
            }
            if (d.root() == null) {
                throw new ConfigException(file, join(p, "root"), "missing; expected the folder holding the benchmark's files");
            }
            root = Path.of(d.root());
            if (!Files.isDirectory(root)) {
                throw new ConfigException(file, join(p, "root"), "no such folder: " + root);
            }
        }
        int selectSample = nonNegative(d.selectSample(), 0, file, join(p, "select_sample"));
        int evalSample = nonNegative(d.evalSample(), 0, file, join(p, "eval_sample"));
        BadRecordPolicy policy;
        try {
            policy = d.onBadRecord() == null ? BadRecordPolicy.FAIL : BadRecordPolicy.valueOf(d.onBadRecord().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, join(p, "on_bad_record"), "expected skip or fail, found '" + d.onBadRecord() + "'");
        }
        return new Experiment.DataPlan(benchmark, root, files, mapping, select, eval, selectSample, evalSample,
                d.sampleSeed() == null ? 1 : d.sampleSeed(), policy, d.options() == null ? 0 : d.options());
    }

    private static FieldMapping mapping(Sections.MappingSection m, Path file, String key) {
        if (m == null) {
            throw new ConfigException(file, key, "missing; user data needs a column mapping (question, options or options_field, answer)");
        }
        if (m.question() == null || m.answer() == null) {
            throw new ConfigException(file, key, "question and answer are required");
        }
        try {
            FieldMapping.AnswerForm form = m.answerForm() == null ? FieldMapping.AnswerForm.LABEL_OR_TEXT
                    : FieldMapping.AnswerForm.valueOf(m.answerForm().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            return new FieldMapping(m.id(), m.question(), m.options(), m.optionsField(), m.optionSeparator(), m.answer(), form);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, key, e.getMessage());
        }
    }

    private static Split split(String text, Split fallback, Path file, String key) {
        if (text == null) {
            if (fallback == null) {
                throw new ConfigException(file, key, "missing split");
            }
            return fallback;
        }
        try {
            return Split.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, key, "unknown split '" + text + "' (expected train, dev or test)");
        }
    }

    private static int nonNegative(Integer value, int fallback, Path file, String key) {
        if (value == null) {
            return fallback;
        }
        if (value < 0) {
            throw new ConfigException(file, key, "must be >= 0, was " + value);
        }
        return value;
    }

    private List<StageSpec> stageSpecs(Sections.StagesSection s, Path file) {
        if (s == null || s.stages() == null || s.stages().isEmpty()) {
            return MultiStagePipeline.standardStages();
        }
        String p = prefix(file, "stages");
        List<StageSpec> specs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < s.stages().size(); i++) {
            Sections.StageEntry e = s.stages().get(i);
            String key = join(p, "stages[" + i + "]");
            if (e.name() == null || e.prefix() == null) {
                throw new ConfigException(file, key, "name and prefix are required");
            }
            if (!names.add(e.name())) {
                throw new ConfigException(file, key + ".name", "stage '" + e.name() + "' appears twice");
            }
            try {
                specs.add(new StageSpec(e.name(), e.prefix(), e.optionPrefix(), e.maxNewTokens() == null ? 48 : e.maxNewTokens(),
                        e.stop() == null ? List.of("\n") : e.stop()));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(file, key, ex.getMessage());
            }
        }
        return specs;
    }

    private SearchConfig searchConfig(Sections.SearchSection s, Path file, long seed) {
        SearchConfig.Builder b = SearchConfig.builder().seed(seed);
        if (s == null) {
            return b.build();
        }
        String p = prefix(file, "search");
        try {
            if (s.strategy() != null) {
                b.strategy(s.strategy());
            }
            if (s.epsilon() != null) {
                if (s.epsilon() < 0) {
                    throw new ConfigException(file, join(p, "epsilon"), "must be >= 0 accuracy points, was " + s.epsilon());
                }
                b.epsilon(s.epsilon() / 100.0);
            }
            if (s.targetConfidence() != null) {
                b.targetConfidence(s.targetConfidence());
            }
            if (s.kmax() != null) {
                b.kmax(s.kmax());
            }
            if (s.ranking() != null) {
                b.ranking(dev.litestage.search.BudgetRanking.parse(s.ranking()));
            }
            if (s.genome() != null) {
                b.genome(dev.litestage.search.Genome.parse(s.genome()));
            }
            if (s.population() != null) {
                b.population(s.population());
            }
            if (s.generations() != null) {
                b.generations(s.generations());
            }
            if (s.seed() != null) {
                b.seed(s.seed());
            }
            if (s.maxEvaluations() != null) {
                b.maxEvaluations(s.maxEvaluations());
            }
            if (s.mutationProbability() != null) {
                b.mutationProbability(s.mutationProbability());
            }
            if (s.crossoverProbability() != null) {
                b.crossoverProbability(s.crossoverProbability());
            }
            if (s.earlyExit() != null) {
                b.earlyExit(earlyExit(s.earlyExit(), file, join(p, "early_exit")));
            }
            return b.build();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // the search module names its fields as search.<field>
            String msg = e.getMessage();
            String key = msg.startsWith("search.") ? msg.substring(0, msg.indexOf(':') < 0 ? msg.length() : msg.indexOf(':')) : p;
            String rest = msg.indexOf(':') < 0 ? msg : msg.substring(msg.indexOf(':') + 1).trim();
            throw new ConfigException(file, p.isEmpty() && key.startsWith("search.") ? key.substring(7) : key, rest);
        }
    }

    private static EarlyExit earlyExit(Sections.EarlyExitEntry e, Path file, String key) {
        try {
            boolean enabled = e.enabled() == null || e.enabled();
            if (!enabled) {
                return EarlyExit.OFF;
            }
            if (e.window() == null || e.threshold() == null) {
                throw new ConfigException(file, key, "window and threshold are required when early exit is enabled");
            }
            return EarlyExit.of(e.window(), e.threshold());
        } catch (IllegalArgumentException ex) {
            throw new ConfigException(file, key, ex.getMessage());
        }
    }

    private Experiment.Measurement measurement(Sections.SearchSection s, Path file) {
        String p = prefix(file, "search");
        Sections.LatencyEntry latency = s == null ? null : s.latency();
        boolean costModel = false;
        if (latency != null && latency.mode() != null) {
            costModel = switch (latency.mode().trim().toLowerCase(Locale.ROOT)) {
                case "cost-model", "cost_model" -> true;
                case "wall-clock", "wall_clock" -> false;
                default -> throw new ConfigException(file, join(p, "latency.mode"),
                        "expected cost-model or wall-clock, found '" + latency.mode() + "'");
            };
        }
        List<Strategy> compare = new ArrayList<>();
        if (s != null && s.compare() != null) {
            for (int i = 0; i < s.compare().size(); i++) {
                try {
                    compare.add(Strategy.parse(s.compare().get(i)));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(file, join(p, "compare[" + i + "]"), e.getMessage());
                }
            }
        }
        int workers = nonNegative(s == null ? null : s.workers(), 1, file, join(p, "workers"));
        if (workers < 1) {
            throw new ConfigException(file, join(p, "workers"), "expected at least 1, found " + workers);
        }
        if (workers > 1 && !costModel) {
            throw new ConfigException(file, join(p, "workers"), workers + " parallel workers need latency.mode: cost-model;"
                    + " with wall-clock latency, questions running side by side would slow each other's timings");
        }
        return new Experiment.Measurement(
                costModel,
                nonNegative(latency == null ? null : latency.warmup(), 0, file, join(p, "latency.warmup")),
                Math.max(1, nonNegative(latency == null ? null : latency.repetitions(), 1, file, join(p, "latency.repetitions"))),
                nonNegative(s == null ? null : s.calibrationQuestions(), 16, file, join(p, "calibration_questions")),
                Math.max(1, nonNegative(s == null ? null : s.speedupRounds(), 3, file, join(p, "speedup_rounds"))),
                workers,
                List.copyOf(compare));
    }

    private static Experiment.TrackingPlan trackingPlan(Sections.TrackingSection t, Path projectDir, String name) {
        Path store = t != null && t.store() != null ? Path.of(t.store()) : projectDir.resolve("mlruns");
        return new Experiment.TrackingPlan(t == null ? null : t.uri(), store,
                t != null && t.experimentName() != null ? t.experimentName() : name);
    }
}
