package dev.litestage.reasoning;

import java.util.List;
import java.util.Objects;

/**
 * One reasoning stage: how its prompt line starts, how much it may generate, and where it stops.
 *
 * <p>The stage's line in the prompt is {@code prefix + " " + text}. A per-option stage
 * (Analyze) generates once per option, each time after {@code optionPrefix} with {@code {label}}
 * replaced, e.g. {@code "For option {label},"}; its pieces are joined in option order.
 * {@link PromptFormat} holds the exact rules.
 *
 * @param name          the stage's name in profiles and reports ({@code recall}, {@code analyze}, ...)
 * @param prefix        the line's opening, e.g. {@code "Recall:"}
 * @param optionPrefix  for per-option stages, the opening of each option's piece, containing
 *                      {@value #LABEL}; null otherwise
 * @param maxNewTokens  token budget of one generation
 * @param stopStrings   generation stops before any of these strings (they are not part of the text)
 */
public record StageSpec(String name, String prefix, String optionPrefix, int maxNewTokens, List<String> stopStrings) {

    /** Name of the standard first stage, which recalls relevant knowledge. */
    public static final String RECALL = "recall";
    /** Name of the standard per-option analysis stage. */
    public static final String ANALYZE = "analyze";
    /** Name of the standard final stage, whose text holds the answer. */
    public static final String SUMMARIZE = "summarize";
    /** The placeholder in {@link #optionPrefix()} that is replaced by an option's label. */
    public static final String LABEL = "{label}";

    public StageSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        stopStrings = List.copyOf(stopStrings);
        if (name.isBlank()) {
            throw new IllegalArgumentException("stage name must not be blank");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("stage " + name + ": maxNewTokens must be >= 1, was " + maxNewTokens);
        }
        if (optionPrefix != null && !optionPrefix.contains(LABEL)) {
            throw new IllegalArgumentException("stage " + name + ": optionPrefix '" + optionPrefix
                    + "' must contain " + LABEL);
        }
        for (String stop : stopStrings) {
            if (stop.isEmpty()) {
                throw new IllegalArgumentException("stage " + name + ": stop strings must not be empty");
            }
        }
    }

    /** A stage that generates once per question. */
    public static StageSpec single(String name, String prefix, int maxNewTokens, List<String> stopStrings) {
        return new StageSpec(name, prefix, null, maxNewTokens, stopStrings);
    }

    /** A stage that generates once per option, each piece opened by {@code optionPrefix}. */
    public static StageSpec perOption(String name, String prefix, String optionPrefix, int maxNewTokens,
                                      List<String> stopStrings) {
        return new StageSpec(name, prefix, Objects.requireNonNull(optionPrefix, "optionPrefix"),
                maxNewTokens, stopStrings);
    }

    /** Whether the stage generates once per option. */
    public boolean perOption() {
        return optionPrefix != null;
    }

    /**
     * The opening of one option's piece, e.g. {@code "For option B,"}.
     *
     * @throws IllegalStateException when the stage is not per-option
     */
    public String optionOpening(String label) {
        if (optionPrefix == null) {
            throw new IllegalStateException("stage " + name + " is not a per-option stage");
        }
        return optionPrefix.replace(LABEL, label);
    }

    /** This stage with another token budget. */
    public StageSpec withMaxNewTokens(int tokens) {
        return new StageSpec(name, prefix, optionPrefix, tokens, stopStrings);
    }

    /** This stage with other stop strings. */
    public StageSpec withStopStrings(List<String> stops) {
        return new StageSpec(name, prefix, optionPrefix, maxNewTokens, stops);
    }
}
