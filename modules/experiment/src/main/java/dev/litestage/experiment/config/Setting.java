package dev.litestage.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One setting of an experiment file, declared once: its YAML key, its type, its default, the
 * values it allows and what it means. Validation messages, the config reference, MLflow params
 * and a profile's provenance are all derived from these declarations (see {@link ExperimentSettings}),
 * so a key is spelled, defaulted and checked in one place.
 *
 * @param <T> the value's Java type
 */
public final class Setting<T> {

    /** A rule the value must follow: {@code holds} and, when it does not, what it should be ("must be >= 1"). */
    private record Rule<T>(Predicate<T> holds, String says) {}

    private final String key;
    private final SettingType<T> type;
    private final String description;
    private final T defaultValue;
    private final String defaultText;
    private final boolean required;
    private final List<Rule<T>> rules;

    private Setting(String key, SettingType<T> type, String description, T defaultValue, String defaultText,
                    boolean required, List<Rule<T>> rules) {
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("setting keys are snake_case: '" + key + "'");
        }
        this.key = key;
        this.type = Objects.requireNonNull(type, "type");
        this.description = Objects.requireNonNull(description, "description");
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.rules = List.copyOf(rules);
    }

    /** An optional setting without a default (absent: null). */
    public static <T> Setting<T> of(String key, SettingType<T> type, String description) {
        return new Setting<>(key, type, description, null, null, false, List.of());
    }

    /** This setting taking {@code value} when absent. */
    public Setting<T> defaultsTo(T value) {
        return new Setting<>(key, type, description, Objects.requireNonNull(value, "default"), type.show(value), false, rules);
    }

    /**
     * This setting without a fixed default: when absent it stays null and the loader derives it
     * from other settings, as {@code derived} says (for the reference).
     */
    public Setting<T> derivedWhenAbsent(String derived) {
        return new Setting<>(key, type, description, null, derived, false, rules);
    }

    /** This setting, which must be given. */
    public Setting<T> required() {
        return new Setting<>(key, type, description, null, null, true, rules);
    }

    /** This setting, whose value must satisfy {@code holds}; {@code says} is the rule ("must be >= 1"). */
    public Setting<T> must(Predicate<T> holds, String says) {
        List<Rule<T>> more = new ArrayList<>(rules);
        more.add(new Rule<>(holds, says));
        return new Setting<>(key, type, description, defaultValue, defaultText, required, more);
    }

    /** For whole numbers: at least {@code min}. */
    @SuppressWarnings("unchecked")
    public Setting<T> atLeast(long min) {
        return must(v -> ((Number) v).longValue() >= min, "must be >= " + min);
    }

    /** For numbers: within {@code [min, max]}. */
    public Setting<T> between(double min, double max) {
        return must(v -> ((Number) v).doubleValue() >= min && ((Number) v).doubleValue() <= max,
                "must be in [" + SettingType.NUMBER.show(min) + ", " + SettingType.NUMBER.show(max) + "]");
    }

    public String key() {
        return key;
    }

    public SettingType<T> type() {
        return type;
    }

    public String description() {
        return description;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    /** The default as the reference shows it: a value, what it is derived from, or "required" / "none". */
    public String defaultText() {
        if (required) {
            return "required";
        }
        return defaultText == null ? "none" : defaultText;
    }

    /** The rules the value must follow, as text ("must be >= 1"). */
    public List<String> rules() {
        return rules.stream().map(Rule::says).toList();
    }

    /**
     * Reads {@code node} (null or missing: the default), naming {@code file} and {@code dottedKey}
     * in any error.
     */
    T read(JsonNode node, java.nio.file.Path file, String dottedKey) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            if (required) {
                throw new ConfigException(file, dottedKey, "missing; expected " + type.describe() + " (" + description + ")");
            }
            return defaultValue;
        }
        T value;
        try {
            value = type.read(node);
        } catch (SettingType.Refused e) {
            throw new ConfigException(file, dottedKey, "wrong type: expected " + e.getMessage());
        }
        for (Rule<T> rule : rules) {
            if (!rule.holds().test(value)) {
                throw new ConfigException(file, dottedKey, rule.says() + ", was " + type.show(value));
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return key;
    }
}
