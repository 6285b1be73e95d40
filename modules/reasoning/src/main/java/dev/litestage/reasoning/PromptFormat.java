package dev.litestage.reasoning;

import java.util.List;
import java.util.Map;

/**
 * The multi-stage prompt format (TinyThinker, LiteStage): the question, its options, then one line
 * per stage, each stage seeing the question and every earlier stage's text.
 *
 * <pre>
 * {question}
 * (A) {opt} (B) {opt} ...
 * Recall: {recall}
 * Analyze: For option A, {analysis A} For option B, {analysis B} ...
 * Summarize: So the answer is option {X}.
 * </pre>
 *
 * <p>The rules, exactly:
 * <ul>
 *   <li>the question block is the stem, a newline, and the options as {@code (label) text} joined
 *       by single spaces;</li>
 *   <li>a stage's prompt is the text so far, a newline, and the stage's prefix, with nothing after
 *       it ({@code ...\nRecall:});</li>
 *   <li>a per-option stage's prompt for option k continues the prefix with the earlier options'
 *       pieces and the opening of option k ({@code ...\nAnalyze: For option A, {a} For option B,});</li>
 *   <li>a generated text is appended after a single space; an empty text appends nothing, so an
 *       opening is never followed by a dangling space.</li>
 * </ul>
 * Nothing ends in a newline: the next stage adds its own.
 */
public final class PromptFormat {

    private PromptFormat() {
    }

    /** {@code {stem}\n(A) {opt} (B) {opt} ...}. */
    public static String questionBlock(String stem, List<Question.Option> options) {
        StringBuilder sb = new StringBuilder(stem).append('\n');
        for (int i = 0; i < options.size(); i++) {
            Question.Option o = options.get(i);
            sb.append(i == 0 ? "" : " ").append('(').append(o.label()).append(") ").append(o.text());
        }
        return sb.toString();
    }

    /** The question block of {@code question}. */
    public static String questionBlock(Question question) {
        return questionBlock(question.stem(), question.options());
    }

    /** The prompt of a whole-question stage: {@code context + "\n" + prefix}. */
    public static String stagePrompt(String context, StageSpec stage) {
        return context + "\n" + stage.prefix();
    }

    /**
     * The prompt of a per-option stage for the option after {@code earlierPieces}: the stage
     * prompt, the earlier options' pieces, then the opening of option {@code earlierPieces.size()}.
     *
     * @param labels        all option labels in order
     * @param earlierPieces the generated texts of the options before this one, in order
     */
    public static String optionPrompt(String context, StageSpec stage, List<String> labels, List<String> earlierPieces) {
        int k = earlierPieces.size();
        if (k >= labels.size()) {
            throw new IllegalArgumentException("stage " + stage.name() + ": " + k
                    + " pieces already cover all " + labels.size() + " options");
        }
        String line = join(stage.prefix(), optionText(stage, labels.subList(0, k), earlierPieces));
        return context + "\n" + join(line, stage.optionOpening(labels.get(k)));
    }

    /**
     * A per-option stage's text as it enters later prompts:
     * {@code For option A, {a} For option B, {b} ...}.
     */
    public static String optionText(StageSpec stage, List<String> labels, List<String> pieces) {
        if (labels.size() != pieces.size()) {
            throw new IllegalArgumentException("stage " + stage.name() + ": " + pieces.size()
                    + " pieces for " + labels.size() + " options");
        }
        String text = "";
        for (int i = 0; i < labels.size(); i++) {
            text = join(text, join(stage.optionOpening(labels.get(i)), pieces.get(i)));
        }
        return text;
    }

    /** The context after {@code stage} produced {@code text}: the stage prompt, a space, the text. */
    public static String withStage(String context, StageSpec stage, String text) {
        return join(stagePrompt(context, stage), text);
    }

    /**
     * The whole document: the question block followed by every stage's line.
     *
     * @param texts each stage's text by stage name (per-option stages: their joined text)
     * @throws IllegalArgumentException when a stage has no text
     */
    public static String document(Question question, List<StageSpec> stages, Map<String, String> texts) {
        String context = questionBlock(question);
        for (StageSpec stage : stages) {
            String text = texts.get(stage.name());
            if (text == null) {
                throw new IllegalArgumentException("question " + question.id() + ": no text for stage '"
                        + stage.name() + "'");
            }
            context = withStage(context, stage, text);
        }
        return context;
    }

    /** {@code head + " " + tail}, or whichever of the two is non-empty. */
    private static String join(String head, String tail) {
        if (tail.isEmpty()) {
            return head;
        }
        return head.isEmpty() ? tail : head + " " + tail;
    }
}
