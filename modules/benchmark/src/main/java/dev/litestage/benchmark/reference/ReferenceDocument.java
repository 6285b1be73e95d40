package dev.litestage.benchmark.reference;

import dev.litestage.reasoning.Question;

/**
 * The training text of a question with gold stages, in the multi-stage prompt format:
 *
 * <pre>
 * {stem}
 * (A) {opt} (B) {opt} (C) {opt} (D) {opt}
 * Recall: {recall}
 * Analyze: {analyze}
 * Summarize: {summarize}
 * </pre>
 *
 * Single spaces, no trailing newline (whoever tokenizes appends the end-of-sequence token), the
 * same bytes as the reasoning pipeline's prompts: its Recall prompt is this text up to and
 * including {@code Recall:}, and each stage's text follows its prefix after one space.
 */
public final class ReferenceDocument {

    /** Stage names, as in {@link Question#goldStages()} and the pipeline's standard stages. */
    public static final String RECALL = "recall";
    public static final String ANALYZE = "analyze";
    public static final String SUMMARIZE = "summarize";

    private ReferenceDocument() {
    }

    /** {@code {stem}\n(A) {opt} (B) {opt} ...}: what every stage's prompt starts with. */
    public static String questionBlock(Question question) {
        StringBuilder text = new StringBuilder(question.stem()).append('\n');
        for (int i = 0; i < question.options().size(); i++) {
            Question.Option option = question.options().get(i);
            text.append(i == 0 ? "" : " ").append('(').append(option.label()).append(") ").append(option.text());
        }
        return text.toString();
    }

    /**
     * The full document of {@code question} from its gold stages.
     *
     * @throws IllegalArgumentException when a gold stage text is missing
     */
    public static String render(Question question) {
        return questionBlock(question)
                + "\nRecall: " + gold(question, RECALL)
                + "\nAnalyze: " + gold(question, ANALYZE)
                + "\nSummarize: " + gold(question, SUMMARIZE);
    }

    private static String gold(Question question, String stage) {
        String text = question.goldStages().get(stage);
        if (text == null) {
            throw new IllegalArgumentException("question " + question.id() + " has no gold " + stage + " text");
        }
        return text;
    }
}
