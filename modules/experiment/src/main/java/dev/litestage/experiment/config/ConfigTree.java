package dev.litestage.experiment.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads YAML config files into trees, composing them: a section may be a path to another file, or a
 * mapping with {@code include: PATH} plus keys that override the included file's. Every relative
 * path is resolved against the directory of the file that writes it, so configs can be moved
 * together and included from anywhere.
 */
final class ConfigTree {

    /** Keys whose string values are file system paths. */
    static final Set<String> PATH_KEYS = Set.of("path", "tokenizer", "root", "store", "output", "work_dir", "file", "train", "dev", "test",
            "include", "output_dir", "data");

    /** Duplicate keys are refused: with "last one wins" a repeated key silently drops a setting. */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * The largest config file read: experiment files are a few KB, and a YAML parser given a
     * 20 MB one-line string took minutes before failing.
     */
    static final long MAX_BYTES = 1L << 20;

    private ConfigTree() {
    }

    /** The file's top-level mapping, with its relative paths made absolute. */
    static ObjectNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file, "", Files.isDirectory(file) ? "is a folder, expected a YAML file" : "file not found");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file, "", size + " bytes; config files are at most " + MAX_BYTES
                        + " bytes (1 MiB)");
            }
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ConfigException(file, "", "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file, "", "cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ConfigException(file, "", "the file is empty; expected a mapping of keys");
        }
        if (!root.isObject()) {
            throw new ConfigException(file, "", "expected a mapping of keys at the top level, found " + kind(root));
        }
        resolvePaths((ObjectNode) root, file.toAbsolutePath().getParent());
        return (ObjectNode) root;
    }

    /**
     * A section: a path string (the whole file), a mapping with {@code include} (the file, then the
     * mapping's other keys over it), or a plain mapping. {@code key} names it in errors.
     */
    static Section section(JsonNode node, Path declaringFile, String key) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            Path included = Path.of(node.asText());
            return new Section(readComposed(included, new java.util.HashSet<>()), included);
        }
        if (!node.isObject()) {
            throw new ConfigException(declaringFile, key, "expected a file path or a mapping, found " + kind(node));
        }
        ObjectNode own = ((ObjectNode) node).deepCopy();
        JsonNode include = own.remove("include");
        if (include == null) {
            return new Section(own, declaringFile);
        }
        if (!include.isTextual()) {
            throw new ConfigException(declaringFile, key + ".include", "expected a file path, found " + kind(include));
        }
        Path included = Path.of(include.asText());
        ObjectNode base = readComposed(included, new java.util.HashSet<>());
        merge(base, own);
        return new Section(base, declaringFile);
    }

    /** A config file with its own {@code include} (if any) expanded, the file's keys winning. */
    static ObjectNode readComposed(Path file, Set<Path> seen) {
        if (!seen.add(file.toAbsolutePath().normalize())) {
            throw new ConfigException(file, "include", "includes itself (cycle through " + seen + ")");
        }
        ObjectNode own = read(file);
        JsonNode include = own.remove("include");
        if (include == null) {
            return own;
        }
        if (!include.isTextual()) {
            throw new ConfigException(file, "include", "expected a file path, found " + kind(include));
        }
        ObjectNode base = readComposed(Path.of(include.asText()), seen);
        merge(base, own);
        return base;
    }

    /** A section's tree and the file to name in its errors. */
    record Section(ObjectNode tree, Path file) {}

    private static void merge(ObjectNode base, ObjectNode override) {
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void resolvePaths(JsonNode node, Path dir) {
        resolvePaths(node, dir, true);
    }

    /** Paths relative to {@code dir}; a section given by path only at the top ({@code execution.engine} is no path). */
    private static void resolvePaths(JsonNode node, Path dir, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode child = node.get(name);
                if (PATH_KEYS.contains(name) && child.isTextual() && !child.asText().contains("://")) {
                    ((ObjectNode) node).set(name, TextNode.valueOf(dir.resolve(child.asText()).normalize().toString()));
                } else if (top && isSectionReference(name) && child.isTextual()) {
                    ((ObjectNode) node).set(name, TextNode.valueOf(dir.resolve(child.asText()).normalize().toString()));
                } else {
                    resolvePaths(child, dir, false);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> resolvePaths(child, dir, false));
        }
    }

    /** Experiment sections that may be given as a path to another config file. */
    static boolean isSectionReference(String key) {
        return Set.of("model", "data", "stages", "search", "tracking", "engine", "execution", "training").contains(key);
    }

    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "the text '" + node.asText() + "'";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
