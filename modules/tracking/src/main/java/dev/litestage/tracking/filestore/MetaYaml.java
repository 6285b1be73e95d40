package dev.litestage.tracking.filestore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code meta.yaml} of MLflow's file store: a flat, ordered list of {@code key: scalar} lines as
 * PyYAML writes them. Values are kept as the YAML text of the scalar, so fields that are not
 * changed are written back byte for byte; new values are rendered the way PyYAML would (plain when
 * that reads back as the same string, otherwise quoted), e.g. {@code experiment_id: '0'} but
 * {@code run_id: 055470f8680a4b5f8cce4b8ff16c18b1}. Immutable.
 */
final class MetaYaml {

    /** YAML 1.1 implicit types PyYAML resolves; a plain string looking like one of these is quoted. */
    private static final List<Pattern> IMPLICIT_TYPES = List.of(
            Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"),
            Pattern.compile("[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)"),
            Pattern.compile("[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                    + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"),
            Pattern.compile("<<|=|~|null|Null|NULL"),
            Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"));

    /** Characters that may appear in a plain scalar here; the first must be a letter, digit, _ . or /. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][A-Za-z0-9_./:+@%=~ -]*");

    private final Map<String, String> fields;

    private MetaYaml(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** An empty document. */
    static MetaYaml empty() {
        return new MetaYaml(new LinkedHashMap<>());
    }

    /**
     * Reads a document written by this class or by MLflow.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming the source and line when a line is not {@code key: value}
     */
    static MetaYaml parse(String text, String source) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon <= 0 && !line.endsWith(":")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected 'key: value', found '" + line + "'");
            }
            if (colon <= 0) {
                fields.put(line.substring(0, line.length() - 1), "");
            } else {
                fields.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return new MetaYaml(fields);
    }

    /** A copy with {@code key} set to {@code value}: a String, a Number, null, or an empty List. */
    MetaYaml with(String key, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(key, scalar(value));
        return new MetaYaml(copy);
    }

    /** The field's value as a string, unquoted; null when absent or YAML null. */
    String string(String key) {
        String raw = fields.get(key);
        if (raw == null || raw.equals("null") || raw.equals("~") || raw.isEmpty()) {
            return null;
        }
        if (raw.startsWith("'") && raw.endsWith("'") && raw.length() >= 2) {
            return raw.substring(1, raw.length() - 1).replace("''", "'");
        }
        if (raw.startsWith("\"") && raw.endsWith("\"") && raw.length() >= 2) {
            return unescapeDoubleQuoted(raw.substring(1, raw.length() - 1));
        }
        return raw;
    }

    /** The field names in file order. */
    List<String> keys() {
        return List.copyOf(fields.keySet());
    }

    /** The document text: one {@code key: value} line per field, each ending in a newline. */
    String render() {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }

    /** The YAML text PyYAML's safe_dump would write for {@code value}. */
    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        if (value instanceof List<?> list) {
            if (!list.isEmpty()) {
                throw new IllegalArgumentException("only empty lists are written to meta.yaml");
            }
            return "[]";
        }
        String s = value.toString();
        if (isPlainSafe(s)) {
            return s;
        }
        if (s.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            return "'" + s.replace("'", "''") + "'";
        }
        StringBuilder out = new StringBuilder("\"");
        s.chars().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02X", c) : String.valueOf((char) c));
            }
        });
        return out.append('"').toString();
    }

    private static boolean isPlainSafe(String s) {
        if (s.isEmpty() || !PLAIN.matcher(s).matches() || s.endsWith(" ") || s.endsWith(":")
                || s.contains(": ") || s.contains(" #") || s.contains("  ")) {
            return false;
        }
        return IMPLICIT_TYPES.stream().noneMatch(p -> p.matcher(s).matches());
    }

    private static String unescapeDoubleQuoted(String body) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 == body.length()) {
                out.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }
}
