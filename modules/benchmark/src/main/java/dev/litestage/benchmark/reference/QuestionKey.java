package dev.litestage.benchmark.reference;

import dev.litestage.reasoning.Question;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What makes two questions the same question: the normalized stem and the set of option texts,
 * regardless of option order. Splits are disjoint under this key, so a test question is not a
 * training question with its options shuffled.
 *
 * @param stem    the stem, lower-cased with runs of blanks collapsed
 * @param options the normalized option texts, sorted
 */
public record QuestionKey(String stem, List<String> options) {

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    public QuestionKey {
        options = List.copyOf(options);
    }

    public static QuestionKey of(Question question) {
        return new QuestionKey(normalize(question.stem()),
                question.options().stream().map(o -> normalize(o.text())).sorted().toList());
    }

    private static String normalize(String text) {
        return BLANKS.matcher(text.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
