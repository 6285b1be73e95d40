package dev.litestage.reasoning;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the answer label out of the final stage's text. The standard pattern is the literature's
 * {@code the answer is option ([A-Z])\.}; its first group is the label. The first match wins, so
 * a model that keeps talking after its answer is judged by what it said first.
 */
public final class AnswerParser {

    /** The pattern of the standard format. */
    public static final Pattern STANDARD_PATTERN = Pattern.compile("the answer is option ([A-Z])\\.");

    private static final AnswerParser STANDARD = new AnswerParser(STANDARD_PATTERN);

    private final Pattern pattern;

    private AnswerParser(Pattern pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        if (pattern.matcher("").groupCount() < 1) {
            throw new IllegalArgumentException("answer pattern '" + pattern + "' needs a group for the label");
        }
    }

    /** The parser of the standard format. */
    public static AnswerParser standard() {
        return STANDARD;
    }

    /** A parser whose first group captures the label. */
    public static AnswerParser of(Pattern pattern) {
        return new AnswerParser(pattern);
    }

    /** The first label the text states, if any. */
    public Optional<String> parse(String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The first label the text states, if it is one of {@code labels}: an answer naming an option
     * the question does not have is as unusable as no answer.
     */
    public Optional<String> parse(String text, Collection<String> labels) {
        return parse(text).filter(labels::contains);
    }

    /** The pattern this parser reads. */
    public Pattern pattern() {
        return pattern;
    }
}
