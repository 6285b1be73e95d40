package dev.litestage.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the profile JSON into a {@link ProfileDocument}, naming the source and the JSON field path
 * of the first problem. Reads the tree by hand rather than data-binding it, so that every error
 * can say exactly which field is wrong and why, and unknown fields (typos) are refused.
 */
final class ProfileReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String source;

    private ProfileReader(String source) {
        this.source = source;
    }

    static ProfileDocument read(String json, String source) {
        return new ProfileReader(source).document(json);
    }

    private ProfileDocument document(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidProfileException(source, "", "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidProfileException(source, "", "empty document");
        }
        object(root, "");
        // The version comes first: a document of another version may differ in every other field.
        JsonNode version = root.get("format_version");
        if (version == null) {
            throw error("format_version", "missing field");
        }
        if (!version.isIntegralNumber() || (version.asInt() != ProfileDocument.FORMAT_VERSION && version.asInt() != 1)) {
            throw error("format_version", "unsupported version " + version
                    + "; this runtime reads versions 1 and " + ProfileDocument.FORMAT_VERSION);
        }
        v2 = version.asInt() == 2;
        only(root, "", v2 ? Set.of("format_version", "model", "stages", "answer", "results", "provenance")
                : Set.of("format_version", "model", "stages", "results", "provenance"));
        ProfileDocument.ModelInfo model = model(field(root, "", "model"), "model");
        JsonNode stagesNode = field(root, "", "stages");
        if (!stagesNode.isArray()) {
            throw error("stages", "expected an array, found " + kind(stagesNode));
        }
        List<ProfileDocument.StageSetting> stages = new ArrayList<>();
        for (int i = 0; i < stagesNode.size(); i++) {
            stages.add(stage(stagesNode.get(i), "stages[" + i + "]"));
        }
        String pattern = null;
        if (v2) {
            JsonNode answer = field(root, "", "answer");
            object(answer, "answer");
            only(answer, "answer", Set.of("pattern"));
            pattern = string(answer, "answer", "pattern");
        }
        String answerPattern = pattern;
        ProfileDocument.Results results = results(field(root, "", "results"), "results");
        ProfileDocument.Provenance provenance = provenance(field(root, "", "provenance"), "provenance");
        int formatVersion = version.asInt();
        return build("", () -> new ProfileDocument(formatVersion, model, stages, answerPattern, results, provenance));
    }

    /** Whether the document is of version 2 (prompt formats, answer pattern, measurement, settings). */
    private boolean v2;

    private ProfileDocument.ModelInfo model(JsonNode node, String path) {
        object(node, path);
        only(node, path, Set.of("architecture", "layers", "sublayers", "hidden_size", "vocab_size", "fingerprint"));
        String architecture = string(node, path, "architecture");
        int layers = integer(node, path, "layers");
        int sublayers = integer(node, path, "sublayers");
        int hidden = integer(node, path, "hidden_size");
        int vocab = integer(node, path, "vocab_size");
        String fingerprint = string(node, path, "fingerprint");
        return build(path, () -> new ProfileDocument.ModelInfo(architecture, layers, sublayers, hidden, vocab, fingerprint));
    }

    private ProfileDocument.StageSetting stage(JsonNode node, String path) {
        object(node, path);
        only(node, path, v2 ? Set.of("name", "skip_attention", "skip_mlp", "early_exit", "max_new_tokens", "prompt")
                : Set.of("name", "skip_attention", "skip_mlp", "early_exit", "max_new_tokens"));
        String name = string(node, path, "name");
        List<Integer> attention = layers(node, path, "skip_attention");
        List<Integer> mlp = layers(node, path, "skip_mlp");
        ProfileDocument.EarlyExitSetting exit = earlyExit(field(node, path, "early_exit"), path + ".early_exit");
        int maxNewTokens = integer(node, path, "max_new_tokens");
        ProfileDocument.Prompt prompt = v2 ? prompt(field(node, path, "prompt"), path + ".prompt") : null;
        return build(path, () -> new ProfileDocument.StageSetting(name, attention, mlp, exit, maxNewTokens, prompt));
    }

    private ProfileDocument.Prompt prompt(JsonNode node, String path) {
        object(node, path);
        only(node, path, Set.of("prefix", "option_prefix", "stop"));
        String prefix = string(node, path, "prefix");
        String optionPrefix = nullableString(node, path, "option_prefix");
        JsonNode stopNode = field(node, path, "stop");
        if (!stopNode.isArray()) {
            throw error(path + ".stop", "expected an array of strings, found " + kind(stopNode));
        }
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < stopNode.size(); i++) {
            if (!stopNode.get(i).isTextual()) {
                throw error(path + ".stop[" + i + "]", "expected a string, found " + kind(stopNode.get(i)));
            }
            stop.add(stopNode.get(i).textValue());
        }
        return build(path, () -> new ProfileDocument.Prompt(prefix, optionPrefix, stop));
    }

    private ProfileDocument.EarlyExitSetting earlyExit(JsonNode node, String path) {
        object(node, path);
        only(node, path, Set.of("enabled", "window", "threshold"));
        JsonNode enabled = field(node, path, "enabled");
        if (!enabled.isBoolean()) {
            throw error(path + ".enabled", "expected true or false, found " + kind(enabled));
        }
        int window = integer(node, path, "window");
        double threshold = number(node, path, "threshold");
        return build(path, () -> new ProfileDocument.EarlyExitSetting(enabled.booleanValue(), window, threshold));
    }

    private ProfileDocument.Results results(JsonNode node, String path) {
        object(node, path);
        only(node, path, v2 ? Set.of("full_accuracy", "profile_accuracy", "speedup", "dataset", "split", "n", "evaluated_at",
                "speedup_measured", "throughput")
                : Set.of("full_accuracy", "profile_accuracy", "speedup", "dataset", "split", "n", "evaluated_at"));
        double full = number(node, path, "full_accuracy");
        double profile = number(node, path, "profile_accuracy");
        double speedup = number(node, path, "speedup");
        String dataset = string(node, path, "dataset");
        String split = string(node, path, "split");
        int n = integer(node, path, "n");
        String at = string(node, path, "evaluated_at");
        Instant evaluatedAt;
        try {
            evaluatedAt = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw error(path + ".evaluated_at", "expected an ISO-8601 date-time with offset such as "
                    + "2025-01-31T12:00:00Z, found \"" + at + "\"");
        }
        ProfileDocument.SpeedupMeasurement measured = v2 ? measurement(field(node, path, "speedup_measured"),
                path + ".speedup_measured") : null;
        JsonNode tput = v2 ? field(node, path, "throughput") : null;
        ProfileDocument.Throughput throughput = tput == null || tput.isNull() ? null : throughput(tput, path + ".throughput");
        return build(path, () -> new ProfileDocument.Results(full, profile, speedup, dataset, split, n, evaluatedAt,
                measured, throughput));
    }

    private ProfileDocument.SpeedupMeasurement measurement(JsonNode node, String path) {
        object(node, path);
        only(node, path, Set.of("method", "split", "n", "interval_low", "interval_high", "confidence"));
        String method = string(node, path, "method");
        String split = string(node, path, "split");
        int n = integer(node, path, "n");
        Double low = nullableNumber(node, path, "interval_low");
        Double high = nullableNumber(node, path, "interval_high");
        Double confidence = nullableNumber(node, path, "confidence");
        return build(path, () -> new ProfileDocument.SpeedupMeasurement(method, split, n, low, high, confidence));
    }

    private ProfileDocument.Throughput throughput(JsonNode node, String path) {
        object(node, path);
        only(node, path, Set.of("batch", "speedup", "full_questions_per_s", "profile_questions_per_s"));
        int batch = integer(node, path, "batch");
        double speedup = number(node, path, "speedup");
        double full = number(node, path, "full_questions_per_s");
        double profile = number(node, path, "profile_questions_per_s");
        return build(path, () -> new ProfileDocument.Throughput(batch, speedup, full, profile));
    }

    private Double nullableNumber(JsonNode node, String path, String name) {
        JsonNode value = field(node, path, name);
        return value.isNull() ? null : number(node, path, name);
    }

    private ProfileDocument.Provenance provenance(JsonNode node, String path) {
        object(node, path);
        only(node, path, v2 ? Set.of("experiment", "strategy", "mlflow_run_id", "tracking_uri", "git_commit", "created_by",
                "settings") : Set.of("experiment", "strategy", "mlflow_run_id", "tracking_uri", "git_commit", "created_by"));
        String experiment = string(node, path, "experiment");
        String strategy = string(node, path, "strategy");
        String run = nullableString(node, path, "mlflow_run_id");
        String uri = nullableString(node, path, "tracking_uri");
        String commit = nullableString(node, path, "git_commit");
        String createdBy = string(node, path, "created_by");
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        if (v2) {
            JsonNode s = field(node, path, "settings");
            object(s, path + ".settings");
            for (Iterator<java.util.Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) {
                    throw error(path + ".settings." + e.getKey(), "expected a string, found " + kind(e.getValue()));
                }
                settings.put(e.getKey(), e.getValue().textValue());
            }
        }
        return build(path, () -> new ProfileDocument.Provenance(experiment, strategy, run, uri, commit, createdBy, settings));
    }

    /** Runs a constructor, turning its complaint (a path relative to the value) into a located error. */
    private <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            if (colon < 0) {
                throw error(path, message);
            }
            String relative = message.substring(0, colon);
            throw error(path.isEmpty() ? relative : path + "." + relative, message.substring(colon + 2));
        }
    }

    private void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "expected an object, found " + kind(node));
        }
    }

    private void only(JsonNode node, String path, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw error(join(path, name), "unknown field (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private JsonNode field(JsonNode node, String path, String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw error(join(path, name), "missing field");
        }
        return value;
    }

    private String string(JsonNode node, String path, String name) {
        JsonNode value = field(node, path, name);
        if (!value.isTextual()) {
            throw error(join(path, name), "expected a string, found " + kind(value));
        }
        return value.textValue();
    }

    private String nullableString(JsonNode node, String path, String name) {
        JsonNode value = field(node, path, name);
        return value.isNull() ? null : string(node, path, name);
    }

    private int integer(JsonNode node, String path, String name) {
        return integer(field(node, path, name), join(path, name));
    }

    private int integer(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw error(path, "expected an integer, found " + kind(value));
        }
        return value.intValue();
    }

    private double number(JsonNode node, String path, String name) {
        JsonNode value = field(node, path, name);
        if (!value.isNumber()) {
            throw error(join(path, name), "expected a number, found " + kind(value));
        }
        return value.doubleValue();
    }

    private List<Integer> layers(JsonNode node, String path, String name) {
        JsonNode value = field(node, path, name);
        String here = join(path, name);
        if (!value.isArray()) {
            throw error(here, "expected an array of layer indices, found " + kind(value));
        }
        List<Integer> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(integer(value.get(i), here + "[" + i + "]"));
        }
        return out;
    }

    private InvalidProfileException error(String field, String problem) {
        return new InvalidProfileException(source, field, problem);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** What a JSON value is, for messages: its type and, when short, its text. */
    private static String kind(JsonNode node) {
        String type = switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
        String text = node.toString();
        return node.isContainerNode() || node.isNull() || text.length() > 40 ? type : type + " " + text;
    }
}
