package dev.litestage.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Typed access to a JSON request object: each accessor either returns the value or throws a 400
 * {@link ApiException} naming the field and what was wrong with it. Unknown fields are refused so
 * that a misspelt field is reported rather than silently ignored.
 */
final class RequestFields {

    private final JsonNode object;

    private RequestFields(JsonNode object) {
        this.object = object;
    }

    /** The fields of {@code body}, which must be an object holding only {@code known} fields. */
    static RequestFields of(JsonNode body, Set<String> known) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(null, "expected a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw ApiException.badRequest(name, "unknown field '" + name + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
        return new RequestFields(body);
    }

    /** A string field that must be present and not blank. */
    String text(String name) {
        return text(required(name), name);
    }

    /** An array field of 1 to {@code max} non-blank strings. */
    List<String> texts(String name, int max) {
        JsonNode value = required(name);
        if (!value.isArray()) {
            throw ApiException.badRequest(name, "expected an array of strings, found " + kind(value));
        }
        if (value.isEmpty()) {
            throw ApiException.badRequest(name, "at least one entry is required");
        }
        if (value.size() > max) {
            throw ApiException.badRequest(name, "at most " + max + " entries are allowed, found " + value.size());
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(text(value.get(i), name + "[" + i + "]"));
        }
        return out;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private JsonNode required(String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            throw ApiException.badRequest(name, "missing field '" + name + "'");
        }
        return value;
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ApiException.badRequest(field, "expected a string, found " + kind(value));
        }
        if (value.textValue().isBlank()) {
            throw ApiException.badRequest(field, "must not be blank");
        }
        return value.textValue();
    }
}
