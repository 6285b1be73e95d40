package dev.litestage.experiment.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of one {@link SettingGroup} as read from a file: each declared setting's value
 * (written or defaulted), whether it was written, and the nested groups' values. Cross-setting
 * checks report through {@link #refuse}, which names the file and the setting's dotted key.
 */
public final class SettingValues {

    private final SettingGroup group;
    private final Path file;
    private final String prefix;
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Boolean> written;
    private final Map<String, SettingValues> nested;
    private final boolean present;

    SettingValues(SettingGroup group, Path file, String prefix, Map<Setting<?>, Object> values,
                  Map<Setting<?>, Boolean> written, Map<String, SettingValues> nested, boolean present) {
        this.group = group;
        this.file = file;
        this.prefix = prefix;
        this.values = values;
        this.written = written;
        this.nested = nested;
        this.present = present;
    }

    /** The value of {@code setting}: as written, else its default (null when it has none). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("setting " + setting.key() + " is not declared in group " + group.key());
        }
        return (T) values.get(setting);
    }

    /** Whether the file wrote {@code setting} (rather than leaving it to its default). */
    public boolean written(Setting<?> setting) {
        return written.getOrDefault(setting, false);
    }

    /** The values of the nested group {@code key}. */
    public SettingValues group(String key) {
        SettingValues v = nested.get(key);
        if (v == null) {
            throw new IllegalArgumentException("group " + group.key() + " has no group " + key);
        }
        return v;
    }

    /** Whether the file wrote this group at all. */
    public boolean present() {
        return present;
    }

    /** The file these values came from. */
    public Path file() {
        return file;
    }

    /** The dotted key of {@code setting} in this file. */
    public String keyOf(Setting<?> setting) {
        return SettingGroup.join(prefix, setting.key());
    }

    /** A {@link ConfigException} naming this file and {@code setting}'s key. */
    public ConfigException refuse(Setting<?> setting, String message) {
        return new ConfigException(file, keyOf(setting), message);
    }

    /** A {@link ConfigException} naming this file and this group's key. */
    public ConfigException refuse(String message) {
        return new ConfigException(file, prefix, message);
    }

    /** How {@link #flatten} shows a setting that is neither written nor defaulted. */
    public static final String UNSET = "unset";

    /**
     * Every setting, nested groups included, as dotted keys under {@code section}, with its value
     * as the user writes it (written or defaulted; {@value #UNSET} when neither): MLflow params
     * and provenance.
     */
    public Map<String, String> flatten(String section) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting<?> setting : group.settings()) {
            Object value = values.get(setting);
            out.put(SettingGroup.join(section, setting.key()), value == null ? UNSET : show(setting, value));
        }
        for (Map.Entry<String, SettingValues> e : nested.entrySet()) {
            out.putAll(e.getValue().flatten(SettingGroup.join(section, e.getKey())));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> String show(Setting<T> setting, Object value) {
        return setting.type().show((T) value);
    }
}
