package dev.litestage.runtime;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.Sublayer;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.AnswerParser;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.reasoning.StageSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A reasoning profile as exchanged between search and runtime: format version 2 of the profile
 * JSON, whose schema is the resource {@value #SCHEMA_RESOURCE} (version 1, {@value #V1_SCHEMA_RESOURCE},
 * is still read). It names the model it was made for, each stage's prompt format (prefix,
 * per-option prefix, stop strings), skipped sublayers, early exit and token budget, the answer
 * pattern, the evaluation that justified it (with how its speedup was measured), and where it came
 * from, every experiment setting included: a service applying it runs exactly what was measured.
 *
 * <p>Construction validates everything the format requires; messages name the JSON field path
 * (for nested values, relative to the value), and {@link #read(Path)} prefixes the file.
 *
 * @param formatVersion {@link #FORMAT_VERSION}, or 1 for a document read from a version-1 file
 * @param model         the model the profile was made for
 * @param stages        per stage, in the order the stages run
 * @param answerPattern the regular expression whose first group reads the answer label from the
 *                      last stage's text; null in version 1 (the standard pattern)
 * @param results       the profile's evaluation
 * @param provenance    where the profile came from
 */
public record ProfileDocument(int formatVersion, ModelInfo model, List<StageSetting> stages, String answerPattern,
                              Results results, Provenance provenance) {

    /** The format version this runtime writes. */
    public static final int FORMAT_VERSION = 2;

    /** Classpath location of the JSON Schema of this format version. */
    public static final String SCHEMA_RESOURCE = "/dev/litestage/runtime/profile-v2.schema.json";

    /** Classpath location of the JSON Schema of format version 1, which this runtime still reads. */
    public static final String V1_SCHEMA_RESOURCE = "/dev/litestage/runtime/profile-v1.schema.json";

    public ProfileDocument {
        if (formatVersion != FORMAT_VERSION && formatVersion != 1) {
            throw new IllegalArgumentException("format_version: unsupported version " + formatVersion
                    + "; this runtime reads versions 1 and " + FORMAT_VERSION);
        }
        if (answerPattern != null) {
            try {
                java.util.regex.Pattern compiled = java.util.regex.Pattern.compile(answerPattern);
                if (compiled.matcher("").groupCount() < 1) {
                    throw new IllegalArgumentException("answer.pattern: needs a group that captures the answer label");
                }
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("answer.pattern: not a regular expression: " + e.getDescription());
            }
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(provenance, "provenance");
        stages = List.copyOf(stages);
        if (formatVersion == 2) {
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i).prompt() == null) {
                    throw new IllegalArgumentException("stages[" + i + "].prompt: version 2 carries every stage's prompt"
                            + " format");
                }
            }
            if (results.speedupMeasured() == null) {
                throw new IllegalArgumentException("results.speedup_measured: version 2 says how the speedup was measured");
            }
            if (answerPattern == null) {
                throw new IllegalArgumentException("answer.pattern: version 2 carries the answer pattern");
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("stages: at least one stage is required");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < stages.size(); i++) {
            StageSetting s = stages.get(i);
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("stages[" + i + "].name: stage '" + s.name() + "' appears twice");
            }
            checkLayers("stages[" + i + "].skip_attention", s.skipAttention(), model.layers());
            checkLayers("stages[" + i + "].skip_mlp", s.skipMlp(), model.layers());
        }
    }

    private static void checkLayers(String field, List<Integer> layers, int count) {
        Set<Integer> seen = new HashSet<>();
        for (int j = 0; j < layers.size(); j++) {
            int layer = layers.get(j);
            if (layer < 0 || layer >= count) {
                throw new IllegalArgumentException(field + "[" + j + "]: layer " + layer + " outside 0.." + (count - 1));
            }
            if (!seen.add(layer)) {
                throw new IllegalArgumentException(field + "[" + j + "]: layer " + layer + " listed twice");
            }
        }
    }

    /** A current-version document with the standard answer pattern. */
    public static ProfileDocument of(ModelInfo model, List<StageSetting> stages, Results results, Provenance provenance) {
        return new ProfileDocument(FORMAT_VERSION, model, stages, AnswerParser.STANDARD_PATTERN.pattern(), results,
                provenance);
    }

    /**
     * The document of {@code profile} on {@code model}: stage prompt formats and budgets come from
     * {@code specs}, in their order; every spec needs a setting in {@code profile}; answers are
     * read with {@code parser}'s pattern.
     */
    public static ProfileDocument of(LanguageModel model, List<StageSpec> specs, ReasoningProfile profile,
                                     AnswerParser parser, Results results, Provenance provenance) {
        List<StageSetting> stages = specs.stream()
                .map(spec -> StageSetting.of(spec, profile.stage(spec.name()))).toList();
        return new ProfileDocument(FORMAT_VERSION, ModelInfo.of(model), stages, parser.pattern().pattern(), results,
                provenance);
    }

    /** As {@link #of(LanguageModel, List, ReasoningProfile, AnswerParser, Results, Provenance)} with the standard parser. */
    public static ProfileDocument of(LanguageModel model, List<StageSpec> specs, ReasoningProfile profile,
                                     Results results, Provenance provenance) {
        return of(model, specs, profile, AnswerParser.standard(), results, provenance);
    }

    /**
     * The stages this profile runs, in order: each from the profile's own prompt format (version 2),
     * or, for a version-1 profile that carries none, from the spec of the same name in
     * {@code catalogue}; the token budget always the profile's.
     *
     * @throws IllegalArgumentException when a version-1 stage has no spec in the catalogue
     */
    public List<StageSpec> stageSpecs(List<StageSpec> catalogue) {
        List<StageSpec> out = new ArrayList<>();
        for (StageSetting s : stages) {
            if (s.prompt() != null) {
                out.add(new StageSpec(s.name(), s.prompt().prefix(), s.prompt().optionPrefix(), s.maxNewTokens(),
                        s.prompt().stop()));
            } else {
                StageSpec spec = catalogue.stream().filter(c -> c.name().equals(s.name())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("profile stage '" + s.name()
                                + "' has no prompt format (a version-1 profile) and no standard stage of that name;"
                                + " known stages: " + catalogue.stream().map(StageSpec::name).toList()));
                out.add(spec.withMaxNewTokens(s.maxNewTokens()));
            }
        }
        return out;
    }

    /** The parser of the last stage's answers: the profile's pattern, or the standard one. */
    public AnswerParser answerParser() {
        return answerPattern == null ? AnswerParser.standard() : AnswerParser.of(java.util.regex.Pattern.compile(answerPattern));
    }

    /**
     * Reads and validates a document.
     *
     * @throws InvalidProfileException naming the file and field when the document is invalid
     * @throws UncheckedIOException    when the file cannot be read
     */
    public static ProfileDocument read(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidProfileException(file.toString(), "", "is a folder; expected a profile JSON file such as "
                    + file.resolve("profile.json"));
        }
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidProfileException(file.toString(), "", "is not UTF-8 text; a profile is a JSON file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
        return parse(json, file.toString());
    }

    /**
     * Parses and validates a document; {@code source} names it in error messages.
     *
     * @throws InvalidProfileException naming the source and field when the document is invalid
     */
    public static ProfileDocument parse(String json, String source) {
        return ProfileReader.read(json, source);
    }

    /** The document as pretty-printed JSON with a final newline; {@link #parse} reads it back. */
    public String toJson() {
        return ProfileWriter.write(this);
    }

    /**
     * Writes the document to {@code file} atomically (a reader never sees half a profile), readable
     * by everyone ({@code rw-r--r--}) where the file system has POSIX permissions.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public void write(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
                // a temporary file is owner-only; a profile is read by other services' accounts
                if (Files.getFileStore(tmp).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
                    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plain per-stage setting for a model of {@code layers} layers.
     *
     * @throws IllegalArgumentException naming the field when a skipped layer does not exist there
     */
    public ReasoningProfile toReasoningProfile(int layers) {
        List<StageProfile> out = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            StageSetting s = stages.get(i);
            checkLayers("stages[" + i + "].skip_attention", s.skipAttention(), layers);
            checkLayers("stages[" + i + "].skip_mlp", s.skipMlp(), layers);
            out.add(new StageProfile(s.name(), s.mask(layers), s.earlyExit().toEarlyExit()));
        }
        return new ReasoningProfile(out);
    }

    /** The setting of the stage named {@code name}. */
    public StageSetting stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("profile has no stage '" + name + "'; stages: "
                        + stageNames()));
    }

    /** The stage names in order. */
    public List<String> stageNames() {
        return stages.stream().map(StageSetting::name).toList();
    }

    /**
     * The model a profile was made for.
     *
     * @param architecture the model family ({@code LlamaForCausalLM}, ...)
     * @param layers       transformer blocks
     * @param sublayers    skippable sublayers, {@code 2 * layers}
     * @param hiddenSize   residual stream width
     * @param vocabSize    vocabulary size
     * @param fingerprint  sha256 hex over config and weights ({@link LanguageModel#fingerprint()})
     */
    public record ModelInfo(String architecture, int layers, int sublayers, int hiddenSize, int vocabSize,
                            String fingerprint) {

        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public ModelInfo {
            nonBlank("architecture", architecture);
            atLeast("layers", layers, 1);
            if (sublayers != 2 * layers) {
                throw new IllegalArgumentException("sublayers: " + sublayers + " is not 2 x layers (" + layers + ")");
            }
            atLeast("hidden_size", hiddenSize, 1);
            atLeast("vocab_size", vocabSize, 1);
            if (fingerprint == null || !SHA256_HEX.matcher(fingerprint).matches()) {
                throw new IllegalArgumentException("fingerprint: expected 64 lower-case hex digits (sha256), was "
                        + (fingerprint == null ? "null" : "'" + fingerprint + "'"));
            }
        }

        /** The description of {@code config} with {@code fingerprint}. */
        public static ModelInfo of(ModelConfig config, String fingerprint) {
            return new ModelInfo(config.architecture(), config.layers(), config.sublayers(), config.hiddenSize(),
                    config.vocabSize(), fingerprint);
        }

        /** The description of a loaded model. */
        public static ModelInfo of(LanguageModel model) {
            return of(model.config(), model.fingerprint());
        }
    }

    /**
     * How one stage runs.
     *
     * @param name          the stage's name ({@code recall}, {@code analyze}, ...)
     * @param skipAttention layers whose attention sublayer is skipped (order kept as given)
     * @param skipMlp       layers whose MLP sublayer is skipped (order kept as given)
     * @param earlyExit     the stage's confidence early exit
     * @param maxNewTokens  token budget of one generation
     * @param prompt        the stage's prompt format; null in version 1
     */
    public record StageSetting(String name, List<Integer> skipAttention, List<Integer> skipMlp,
                               EarlyExitSetting earlyExit, int maxNewTokens, Prompt prompt) {

        public StageSetting {
            nonBlank("name", name);
            skipAttention = List.copyOf(skipAttention);
            skipMlp = List.copyOf(skipMlp);
            Objects.requireNonNull(earlyExit, "early_exit");
            atLeast("max_new_tokens", maxNewTokens, 1);
        }

        /** A stage without a prompt format (as version 1 has them). */
        public StageSetting(String name, List<Integer> skipAttention, List<Integer> skipMlp, EarlyExitSetting earlyExit,
                            int maxNewTokens) {
            this(name, skipAttention, skipMlp, earlyExit, maxNewTokens, null);
        }

        /** The setting of {@code spec} under {@code setting}, with the spec's prompt format. */
        public static StageSetting of(StageSpec spec, StageProfile setting) {
            return new StageSetting(spec.name(), setting.mask().skippedAttentionLayers(),
                    setting.mask().skippedMlpLayers(), EarlyExitSetting.of(setting.earlyExit()), spec.maxNewTokens(),
                    new Prompt(spec.prefix(), spec.optionPrefix(), spec.stopStrings()));
        }

        /** The skip mask over {@code layers} layers. */
        public SkipMask mask(int layers) {
            List<Sublayer> skipped = new ArrayList<>();
            skipAttention.forEach(l -> skipped.add(Sublayer.attention(l)));
            skipMlp.forEach(l -> skipped.add(Sublayer.mlp(l)));
            return SkipMask.of(layers, skipped);
        }
    }

    /**
     * A stage's prompt format ({@link dev.litestage.reasoning.PromptFormat}).
     *
     * @param prefix       the opening of the stage's line, e.g. {@code Recall:}
     * @param optionPrefix for a per-option stage, each option's opening with {@code {label}}; null otherwise
     * @param stop         generation stops before any of these strings
     */
    public record Prompt(String prefix, String optionPrefix, List<String> stop) {
        public Prompt {
            Objects.requireNonNull(prefix, "prefix");
            stop = List.copyOf(stop);
            if (optionPrefix != null && !optionPrefix.contains(StageSpec.LABEL)) {
                throw new IllegalArgumentException("option_prefix: must contain " + StageSpec.LABEL + ", was '"
                        + optionPrefix + "'");
            }
            for (int i = 0; i < stop.size(); i++) {
                if (stop.get(i).isEmpty()) {
                    throw new IllegalArgumentException("stop[" + i + "]: must not be empty");
                }
            }
        }
    }

    /**
     * A stage's confidence early exit.
     *
     * @param enabled   whether it applies
     * @param window    tokens averaged, {@code >= 1}
     * @param threshold mean confidence at or below which the stage stops, in [0, 1]
     */
    public record EarlyExitSetting(boolean enabled, int window, double threshold) {

        /** Early exit switched off. */
        public static final EarlyExitSetting OFF = of(EarlyExit.OFF);

        public EarlyExitSetting {
            atLeast("window", window, 1);
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold: " + threshold + " outside [0, 1]");
            }
        }

        public static EarlyExitSetting of(EarlyExit exit) {
            return new EarlyExitSetting(exit.enabled(), exit.window(), exit.threshold());
        }

        public EarlyExit toEarlyExit() {
            return new EarlyExit(enabled, window, threshold);
        }
    }

    /**
     * The evaluation of a profile.
     *
     * @param fullAccuracy    the full model's accuracy on the same questions, in [0, 1]
     * @param profileAccuracy the profile's accuracy, in [0, 1]
     * @param speedup         full-model latency over profile latency, {@code > 0}
     * @param dataset         the dataset's name ({@code obqa}, ...)
     * @param split           the split evaluated ({@code dev}, ...)
     * @param n               questions evaluated, {@code >= 1}
     * @param evaluatedAt     when the evaluation finished
     * @param speedupMeasured how {@code speedup} was measured; null in version 1
     * @param throughput      the profile's throughput against the full model's at a serving batch
     *                        size, or null when not measured
     */
    public record Results(double fullAccuracy, double profileAccuracy, double speedup, String dataset, String split,
                          int n, Instant evaluatedAt, SpeedupMeasurement speedupMeasured, Throughput throughput) {

        /** Results without a measurement description or throughput (as version 1 has them). */
        public Results(double fullAccuracy, double profileAccuracy, double speedup, String dataset, String split, int n,
                       Instant evaluatedAt) {
            this(fullAccuracy, profileAccuracy, speedup, dataset, split, n, evaluatedAt, null, null);
        }

        public Results {
            fraction("full_accuracy", fullAccuracy);
            fraction("profile_accuracy", profileAccuracy);
            if (!(speedup > 0) || Double.isInfinite(speedup)) {
                throw new IllegalArgumentException("speedup: must be a positive number, was " + speedup);
            }
            nonBlank("dataset", dataset);
            nonBlank("split", split);
            atLeast("n", n, 1);
            Objects.requireNonNull(evaluatedAt, "evaluated_at");
        }

        /** How the speedup was measured, in words ("unknown" for a version-1 profile). */
        public String speedupMethod() {
            return speedupMeasured == null ? "unknown (format version 1)" : speedupMeasured.method();
        }

        private static void fraction(String field, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(field + ": " + value + " outside [0, 1]");
            }
        }
    }

    /**
     * How a profile's speedup was measured: a batch-1 wall-clock measurement on the evaluation
     * split, or an estimate (a journal's latency ratio on the selection split, say), so that the
     * two are never confused.
     *
     * @param method     in words, e.g. {@code batch-1 wall clock, 50 questions x 1 round, paired; 95% interval 1.48x-1.57x}
     * @param split      the split the speedup was measured on
     * @param n          questions timed
     * @param low        the interval's lower end, or null when there is none
     * @param high       the interval's upper end, or null
     * @param confidence the interval's level, or null
     */
    public record SpeedupMeasurement(String method, String split, int n, Double low, Double high, Double confidence) {
        public SpeedupMeasurement {
            nonBlank("method", method);
            nonBlank("split", split);
            atLeast("n", n, 1);
            if ((low == null) != (high == null) || (low == null) != (confidence == null)) {
                throw new IllegalArgumentException("interval_low: interval_low, interval_high and confidence go together");
            }
            if (low != null && !(low <= high && low > 0)) {
                throw new IllegalArgumentException("interval_low: " + low + " is not a positive lower end below " + high);
            }
            if (confidence != null && !(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("confidence: " + confidence + " outside (0, 1)");
            }
        }
    }

    /**
     * Throughput at a serving batch size.
     *
     * @param batch                     questions answered together
     * @param speedup                   profile over full-model questions per second
     * @param fullQuestionsPerSecond    the full model's
     * @param profileQuestionsPerSecond the profile's
     */
    public record Throughput(int batch, double speedup, double fullQuestionsPerSecond, double profileQuestionsPerSecond) {
        public Throughput {
            atLeast("batch", batch, 1);
            if (!(speedup > 0) || !(fullQuestionsPerSecond > 0) || !(profileQuestionsPerSecond > 0)) {
                throw new IllegalArgumentException("speedup: throughput figures must be positive");
            }
        }
    }

    /**
     * Where a profile came from.
     *
     * @param experiment  the experiment's name
     * @param strategy    the search strategy that produced it
     * @param mlflowRunId the MLflow run, or null when not tracked
     * @param trackingUri the MLflow tracking URI, or null when not tracked
     * @param gitCommit   the commit of the code that made it, or null when unknown
     * @param createdBy   the tool and version that wrote it
     * @param settings    every setting of the experiment that made it, by its dotted YAML key, as
     *                    the user writes it (empty in version 1)
     */
    public record Provenance(String experiment, String strategy, String mlflowRunId, String trackingUri,
                             String gitCommit, String createdBy, java.util.Map<String, String> settings) {

        /** Provenance without settings (as version 1 has it). */
        public Provenance(String experiment, String strategy, String mlflowRunId, String trackingUri, String gitCommit,
                          String createdBy) {
            this(experiment, strategy, mlflowRunId, trackingUri, gitCommit, createdBy, java.util.Map.of());
        }

        public Provenance {
            settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
            nonBlank("experiment", experiment);
            nonBlank("strategy", strategy);
            optionalNonBlank("mlflow_run_id", mlflowRunId);
            optionalNonBlank("tracking_uri", trackingUri);
            optionalNonBlank("git_commit", gitCommit);
            nonBlank("created_by", createdBy);
        }

        private static void optionalNonBlank(String field, String value) {
            if (value != null && value.isBlank()) {
                throw new IllegalArgumentException(field + ": must be null or non-blank");
            }
        }
    }

    private static void nonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must be a non-blank string");
        }
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": must be >= " + min + ", was " + value);
        }
    }
}
