package dev.litestage.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a setting's YAML value is read: what it accepts, what it is called in messages, and an
 * example of a value it refuses (so that a test can walk every setting). Reading refuses what the
 * user probably did not mean: {@code 3.7} for a whole number, {@code "yes"} for a boolean, a number
 * for a text.
 *
 * @param <T> the Java value
 */
public interface SettingType<T> {

    /** Reads {@code node}, or says why not: the message completes "expected ...". */
    T read(JsonNode node) throws Refused;

    /** What the type accepts, for messages and the config reference ("a whole number"). */
    String describe();

    /** A YAML value this type refuses (before any range check), e.g. {@code "many"} for a number. */
    String invalidExample();

    /** The value as the user would write it, for MLflow params and the config reference. */
    default String show(T value) {
        return String.valueOf(value);
    }

    /** A value that does not fit the type; the message says what was expected. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    SettingType<Integer> WHOLE_NUMBER = new SettingType<>() {
        @Override
        public Integer read(JsonNode node) throws Refused {
            if (!node.isNumber() || !node.canConvertToInt()) {
                throw new Refused("a whole number, found " + ConfigTree.kind(node));
            }
            if (!node.isIntegralNumber() && node.asDouble() != Math.rint(node.asDouble())) {
                throw new Refused("a whole number, found " + ConfigTree.kind(node));
            }
            return node.asInt();
        }

        @Override
        public String describe() {
            return "a whole number";
        }

        @Override
        public String invalidExample() {
            return "3.7";
        }
    };

    SettingType<Long> LONG = new SettingType<>() {
        @Override
        public Long read(JsonNode node) throws Refused {
            if (!node.isNumber() || !node.canConvertToLong()
                    || (!node.isIntegralNumber() && node.asDouble() != Math.rint(node.asDouble()))) {
                throw new Refused("a whole number, found " + ConfigTree.kind(node));
            }
            return node.asLong();
        }

        @Override
        public String describe() {
            return "a whole number";
        }

        @Override
        public String invalidExample() {
            return "many";
        }
    };

    SettingType<Double> NUMBER = new SettingType<>() {
        @Override
        public Double read(JsonNode node) throws Refused {
            if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
                throw new Refused("a number, found " + ConfigTree.kind(node));
            }
            return node.asDouble();
        }

        @Override
        public String describe() {
            return "a number";
        }

        @Override
        public String invalidExample() {
            return "many";
        }

        @Override
        public String show(Double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue()) : String.valueOf(value);
        }
    };

    SettingType<Boolean> BOOLEAN = new SettingType<>() {
        @Override
        public Boolean read(JsonNode node) throws Refused {
            if (!node.isBoolean()) {
                throw new Refused("true or false, found " + ConfigTree.kind(node));
            }
            return node.asBoolean();
        }

        @Override
        public String describe() {
            return "true or false";
        }

        @Override
        public String invalidExample() {
            return "\"yes\"";
        }
    };

    SettingType<String> TEXT = new SettingType<>() {
        @Override
        public String read(JsonNode node) throws Refused {
            if (!node.isTextual()) {
                throw new Refused("a text value, found " + ConfigTree.kind(node));
            }
            return node.asText();
        }

        @Override
        public String describe() {
            return "a text value";
        }

        @Override
        public String invalidExample() {
            return "[1, 2]";
        }
    };

    /** One of {@code choices} (case and {@code _}/{@code -} insensitive), read as the choice's canonical spelling. */
    static SettingType<String> oneOf(String... choices) {
        List<String> known = List.of(choices);
        return new SettingType<>() {
            @Override
            public String read(JsonNode node) throws Refused {
                if (!node.isTextual()) {
                    throw new Refused("one of " + known + ", found " + ConfigTree.kind(node));
                }
                String v = normalise(node.asText());
                for (String c : known) {
                    if (normalise(c).equals(v)) {
                        return c;
                    }
                }
                throw new Refused("one of " + known + ", found '" + node.asText() + "'");
            }

            @Override
            public String describe() {
                return "one of " + String.join(", ", known);
            }

            @Override
            public String invalidExample() {
                return "nonsense";
            }
        };
    }

    /**
     * A text read by {@code parse}, which throws {@link IllegalArgumentException} for what it
     * refuses (its message, minus any {@code field:} prefix, says what was expected).
     */
    static <T> SettingType<T> parsed(String description, java.util.function.Function<String, T> parse,
                                     java.util.function.Function<T, String> show) {
        return new SettingType<>() {
            @Override
            public T read(JsonNode node) throws Refused {
                if (!node.isTextual()) {
                    throw new Refused(description + ", found " + ConfigTree.kind(node));
                }
                try {
                    return parse.apply(node.asText());
                } catch (IllegalArgumentException e) {
                    String message = e.getMessage() == null ? "" : e.getMessage();
                    int colon = message.indexOf(": ");
                    if (colon > 0 && message.substring(0, colon).matches("[a-z_.]+")) {
                        message = message.substring(colon + 2);
                    }
                    throw new Refused(description + ", found '" + node.asText() + "' (" + message + ")");
                }
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public String invalidExample() {
                return "nonsense";
            }

            @Override
            public String show(T value) {
                return show.apply(value);
            }
        };
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A list of {@code element}s; a single value is not taken for a list of one. */
    static <E> SettingType<List<E>> listOf(SettingType<E> element) {
        return new SettingType<>() {
            @Override
            public List<E> read(JsonNode node) throws Refused {
                if (!node.isArray()) {
                    throw new Refused("a list of " + plural(element.describe()) + ", found " + ConfigTree.kind(node));
                }
                List<E> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    try {
                        out.add(element.read(node.get(i)));
                    } catch (Refused e) {
                        throw new Refused("a list of " + plural(element.describe()) + "; item " + i + ": expected "
                                + e.getMessage());
                    }
                }
                return List.copyOf(out);
            }

            @Override
            public String describe() {
                return "a list of " + plural(element.describe());
            }

            @Override
            public String invalidExample() {
                return "{a: 1}";
            }

            @Override
            public String show(List<E> value) {
                return "[" + String.join(", ", value.stream().map(v -> element.show(v)).toList()) + "]";
            }
        };
    }

    /** A mapping from the keys {@code keys} (all optional) to text values. */
    static SettingType<Map<String, String>> textByKey(Set<String> unordered) {
        // sorted: messages and the generated reference must not depend on a set's iteration order
        Set<String> keys = new java.util.TreeSet<>(unordered);
        return new SettingType<>() {
            @Override
            public Map<String, String> read(JsonNode node) throws Refused {
                if (!node.isObject()) {
                    throw new Refused("a mapping of " + keys + " to paths, found " + ConfigTree.kind(node));
                }
                Map<String, String> out = new LinkedHashMap<>();
                for (var it = node.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!keys.contains(e.getKey())) {
                        throw new Refused("a mapping of " + keys + " to paths; '" + e.getKey() + "' is none of them");
                    }
                    if (!e.getValue().isTextual()) {
                        throw new Refused("a mapping of " + keys + " to paths; " + e.getKey() + " is "
                                + ConfigTree.kind(e.getValue()));
                    }
                    out.put(e.getKey(), e.getValue().asText());
                }
                return Map.copyOf(out);
            }

            @Override
            public String describe() {
                return "a mapping of " + String.join(", ", keys) + " to file paths";
            }

            @Override
            public String invalidExample() {
                return "[1]";
            }
        };
    }

    private static String plural(String description) {
        return description.startsWith("a ") ? description.substring(2) + "s" : description;
    }
}
