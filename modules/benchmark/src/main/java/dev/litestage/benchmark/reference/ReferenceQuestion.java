package dev.litestage.benchmark.reference;

import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.util.List;
import java.util.Objects;

/**
 * A question of the reference benchmark with its gold stage texts
 * ({@link Question#goldStages()}: {@code recall}, {@code analyze}, {@code summarize}).
 *
 * @param question the question, gold stages included
 * @param level    how many facts it chains
 * @param facts    the facts its gold texts state: what every option animal eats, for two-hop
 *                 questions where those foods grow, and what the recall lists
 */
public record ReferenceQuestion(Question question, Level level, List<Fact> facts) {

    public ReferenceQuestion {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(level, "level");
        facts = List.copyOf(facts);
        for (String stage : List.of(StageSpec.RECALL, StageSpec.ANALYZE, StageSpec.SUMMARIZE)) {
            if (!question.goldStages().containsKey(stage)) {
                throw new IllegalArgumentException("reference question " + question.id() + " has no gold " + stage + " text");
            }
        }
    }

    public String id() {
        return question.id();
    }

    /** The gold Recall text. */
    public String recall() {
        return question.goldStages().get(StageSpec.RECALL);
    }

    /** The gold Analyze text: {@code For option A, ... For option B, ...}. */
    public String analyze() {
        return question.goldStages().get(StageSpec.ANALYZE);
    }

    /** The gold Summarize text: {@code So the answer is option X.} */
    public String summarize() {
        return question.goldStages().get(StageSpec.SUMMARIZE);
    }

    /** The full training text ({@link ReferenceDocument#render(Question)}). */
    public String document() {
        return ReferenceDocument.render(question);
    }

    /** The identity used to keep splits apart ({@link QuestionKey}). */
    public QuestionKey key() {
        return QuestionKey.of(question);
    }
}
