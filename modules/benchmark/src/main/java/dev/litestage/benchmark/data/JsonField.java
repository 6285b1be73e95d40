package dev.litestage.benchmark.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reading required fields out of a JSON record, with a {@link RecordProblem} naming the field
 * and what was found when one is missing or of the wrong kind.
 */
final class JsonField {

    private JsonField() {
    }

    /**
     * The node at a dotted path: object keys, and numbers for array elements ({@code choices.0.text}).
     * A missing step gives a {@link MissingNode}.
     */
    static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : path.split("\\.", -1)) {
            if (node.isArray() && isIndex(step)) {
                node = node.path(Integer.parseInt(step));
            } else {
                node = node.path(step);
            }
        }
        return node;
    }

    private static boolean isIndex(String step) {
        return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit);
    }

    /** The non-blank string at {@code node}, reported as {@code field}. */
    static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new RecordProblem(field, "expected a string, found " + describe(node));
        }
        String text = node.textValue();
        if (text.isBlank()) {
            throw new RecordProblem(field, "expected non-empty text, found an empty string");
        }
        return text;
    }

    /** A non-blank string or a number, as text: what ids are. */
    static String scalar(JsonNode node, String field) {
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        return text(node, field);
    }

    /** The array at {@code node}, reported as {@code field}. */
    static JsonNode array(JsonNode node, String field) {
        if (!node.isArray()) {
            throw new RecordProblem(field, "expected an array, found " + describe(node));
        }
        return node;
    }

    /** How a node reads in a problem report: {@code nothing}, {@code a number (3)}, {@code 'text'}. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing (the field is missing)";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "'" + abbreviate(node.textValue()) + "'";
        }
        if (node.isNumber()) {
            return "a number (" + node.asText() + ")";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        if (node.isArray()) {
            return "an array of " + node.size();
        }
        return "an object";
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
