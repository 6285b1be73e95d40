package dev.litestage.reasoning;

import java.util.List;
import java.util.Objects;

/**
 * One reasoning stage: how its prompt line starts, how much it may generate, and where it stops.
 *
 * <p>The stage's line in the prompt is {@code prefix + " " + text}. A per-option stage
 * (Analyze) generates once per option, each time after {@code optionPrefix} with {@code {label}}
 * replaced, e.g. {@code "For option {label},"}; its pieces are joined in option order.
 *
 * @param name          the stage's name in profiles and reports ({@code recall}, {@code analyze}, ...)
 * @param prefix        the line's opening, e.g. {@code "Recall:"}
 * @param optionPrefix  for per-option stages, the opening of each option's piece; null otherwise
 * @param maxNewTokens  token budget of one generation
 * @param stopStrings   generation stops before any of these strings (they are not part of the text)
 */
public record StageSpec(String name, String prefix, String optionPrefix, int maxNewTokens, List<String> stopStrings) {

    public StageSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        stopStrings = List.copyOf(stopStrings);
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("stage " + name + ": maxNewTokens must be >= 1, was " + maxNewTokens);
        }
    }

    /** Whether the stage generates once per option. */
    public boolean perOption() {
        return optionPrefix != null;
    }
}
