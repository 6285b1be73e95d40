package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import dev.litestage.benchmark.reference.ReferenceDocument;
import dev.litestage.reasoning.Question;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script for {@link ScriptedLanguageModel} that reasons through questions with gold stages the way a
 * trained model would: it recognizes the question by the block its prompt starts with, answers
 * Recall and each Analyze piece with the gold text, and Summarize as the question's
 * {@link Behaviour} says.
 */
final class ScriptedReasoner implements Function<String, ScriptedLanguageModel.Reply> {

    /** How the scripted model ends a question. */
    enum Behaviour {
        /** states the gold answer */
        CORRECT,
        /** states the next label after the gold one */
        WRONG,
        /** states no answer at all */
        UNPARSEABLE,
        /** states the gold answer, but analyzes every option at confidence 0.1 */
        HESITANT
    }

    static final float CONFIDENT = 0.9f;
    static final float UNSURE = 0.1f;

    private static final Pattern OPTION_OPENING = Pattern.compile("For option ([A-Z]),$");
    private static final Pattern PIECE = Pattern.compile("For option ([A-Z]), (.*?)(?= For option [A-Z],|$)");

    private final Map<String, Question> byBlock = new LinkedHashMap<>();
    private final Map<String, Behaviour> behaviours = new LinkedHashMap<>();

    ScriptedReasoner(List<Question> questions, List<Behaviour> behaviours) {
        for (int i = 0; i < questions.size(); i++) {
            Question q = questions.get(i);
            byBlock.put(ReferenceDocument.questionBlock(q), q);
            this.behaviours.put(q.id(), behaviours.get(i));
        }
    }

    @Override
    public ScriptedLanguageModel.Reply apply(String prompt) {
        Question q = byBlock.entrySet().stream().filter(e -> prompt.startsWith(e.getKey() + "\n"))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("prompt of no known question:\n" + prompt));
        Behaviour behaviour = behaviours.get(q.id());
        if (prompt.endsWith("\nRecall:")) {
            return new ScriptedLanguageModel.Reply(" " + q.goldStages().get("recall"), CONFIDENT);
        }
        Matcher opening = OPTION_OPENING.matcher(prompt);
        if (opening.find()) {
            float confidence = behaviour == Behaviour.HESITANT ? UNSURE : CONFIDENT;
            return new ScriptedLanguageModel.Reply(" " + piece(q, opening.group(1)), confidence);
        }
        if (prompt.endsWith("\nSummarize:")) {
            return new ScriptedLanguageModel.Reply(switch (behaviour) {
                case CORRECT, HESITANT -> " So the answer is option " + q.answerKey() + ".";
                case WRONG -> " So the answer is option " + (char) ((q.answerKey().charAt(0) - 'A' + 1) % 4 + 'A') + ".";
                case UNPARSEABLE -> " I am not sure.";
            }, CONFIDENT);
        }
        throw new AssertionError("prompt ends in no known stage:\n" + prompt);
    }

    /** The gold analysis piece of option {@code label}. */
    static String piece(Question q, String label) {
        Matcher m = PIECE.matcher(q.goldStages().get("analyze"));
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return m.group(2);
            }
        }
        throw new AssertionError("question " + q.id() + " has no analysis for option " + label);
    }
}
