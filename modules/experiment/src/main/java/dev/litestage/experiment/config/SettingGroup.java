package dev.litestage.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A mapping of settings in an experiment file: a section ({@code search:}), a mapping inside one
 * ({@code search.early_exit:}), or the shape of each item of a list ({@code stages[i]}). Reading it
 * refuses keys it does not declare, reads every declared setting (its default when absent) and
 * gives the values by declaration.
 */
public final class SettingGroup {

    private final String key;
    private final String description;
    private final List<Setting<?>> settings;
    private final List<SettingGroup> groups;

    private SettingGroup(String key, String description, List<Setting<?>> settings, List<SettingGroup> groups) {
        this.key = key;
        this.description = description;
        this.settings = List.copyOf(settings);
        this.groups = List.copyOf(groups);
        List<String> keys = new ArrayList<>();
        settings.forEach(s -> keys.add(s.key()));
        groups.forEach(g -> keys.add(g.key()));
        if (keys.stream().distinct().count() != keys.size()) {
            throw new IllegalArgumentException("group " + key + " declares a key twice: " + keys);
        }
    }

    /** A group of {@code settings} under {@code key}. */
    public static SettingGroup of(String key, String description, Setting<?>... settings) {
        return new SettingGroup(key, description, List.of(settings), List.of());
    }

    /** This group with {@code nested} groups inside it. */
    public SettingGroup with(SettingGroup... nested) {
        List<SettingGroup> all = new ArrayList<>(groups);
        all.addAll(List.of(nested));
        return new SettingGroup(key, description, settings, all);
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public List<Setting<?>> settings() {
        return settings;
    }

    public List<SettingGroup> groups() {
        return groups;
    }

    /** The nested group called {@code key}. */
    public SettingGroup group(String key) {
        return groups.stream().filter(g -> g.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("group " + this.key + " has no group " + key));
    }

    /** Every key this group allows, for the "expected one of" of an unknown key. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        settings.forEach(s -> keys.add(s.key()));
        groups.forEach(g -> keys.add(g.key()));
        return keys;
    }

    /**
     * Reads {@code tree} (a mapping, or null when the group is absent), naming {@code file} and
     * keys under {@code prefix} in errors.
     *
     * @param ignored keys that may appear but are not this group's (sections the caller reads)
     */
    public SettingValues read(JsonNode tree, Path file, String prefix, java.util.Set<String> ignored) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        Map<Setting<?>, Boolean> written = new LinkedHashMap<>();
        Map<String, SettingValues> nested = new LinkedHashMap<>();
        if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
            if (!tree.isObject()) {
                throw new ConfigException(file, prefix, "expected a mapping, found " + ConfigTree.kind(tree));
            }
            for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!keys().contains(name) && !ignored.contains(name)) {
                    List<String> known = new ArrayList<>(new TreeSet<>(keys()));
                    known.addAll(new TreeSet<>(ignored));
                    throw new ConfigException(file, join(prefix, name), "unknown key (expected one of: "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
            }
        }
        boolean present = tree != null && !tree.isNull() && !tree.isMissingNode();
        // what is written is checked first, so a wrong value is reported before a missing one
        for (Setting<?> s : settings) {
            JsonNode node = tree == null ? null : tree.get(s.key());
            boolean given = node != null && !node.isNull() && !node.isMissingNode();
            if (given) {
                values.put(s, s.read(node, file, join(prefix, s.key())));
            }
            written.put(s, given);
        }
        for (Setting<?> s : settings) {
            if (!written.get(s)) {
                // an absent optional group leaves even its required settings unset: it is not there to be checked
                values.put(s, present ? s.read(null, file, join(prefix, s.key())) : s.defaultValue());
            }
        }
        for (SettingGroup g : groups) {
            JsonNode node = tree == null ? null : tree.get(g.key());
            nested.put(g.key(), g.read(node, file, join(prefix, g.key()), java.util.Set.of()));
        }
        return new SettingValues(this, file, prefix, values, written, nested, present);
    }

    static String join(String prefix, String key) {
        if (prefix == null || prefix.isEmpty()) {
            return key;
        }
        return key.isEmpty() ? prefix : prefix + "." + key;
    }

    /**
     * The reference rows of this group's settings, nested groups included: {@code key}, accepted
     * values and rules, default, meaning.
     */
    public List<List<String>> reference(String prefix) {
        List<List<String>> rows = new ArrayList<>();
        for (Setting<?> s : settings) {
            String accepts = s.type().describe() + (s.rules().isEmpty() ? "" : "; " + String.join("; ", s.rules()));
            rows.add(List.of(join(prefix, s.key()), accepts, s.defaultText(), s.description()));
        }
        for (SettingGroup g : groups) {
            rows.addAll(g.reference(join(prefix, g.key())));
        }
        return rows;
    }

    @Override
    public String toString() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o == this;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key);
    }
}
