package dev.litestage.benchmark.reference;

import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one reference question and its gold stage texts from a world. The language is small and
 * regular on purpose; every text is built here and nowhere else:
 *
 * <pre>
 * one-hop   Which animal eats acorns?
 *           Recall: the bear and the owl eat acorns.
 *           Analyze: For option A, the fox eats reeds, so no. For option B, the owl eats acorns, so yes. ...
 * two-hop   Which animal eats food from the swamp?
 *           Recall: ferns and reeds grow in the swamp.
 *           Analyze: For option A, the fox eats reeds, which grow in the swamp, so yes. ...
 * both      Summarize: So the answer is option A.
 * </pre>
 *
 * Each option's piece of the analysis is opened as the pipeline's Analyze stage opens it
 * ({@link PromptFormat#optionText}), so a model continues {@code For option B,} exactly as trained.
 * The recall states what the question's key entity connects to (who eats the food, what grows in
 * the place); the analysis checks each option in the forward direction the facts are stated in
 * (animal to food to place), which is the direction a small model learns them.
 */
final class QuestionComposer {

    private final ReferenceWorld world;

    QuestionComposer(ReferenceWorld world) {
        this.world = world;
    }

    /** Whether {@code animal} is a correct answer to the {@code level} question about {@code subject}. */
    boolean answers(Level level, String subject, String animal) {
        return level == Level.ONE_HOP
                ? world.foodOf(animal).equals(subject)
                : world.foodPlaceOf(animal).equals(subject);
    }

    /** The question's subject when {@code animal} is its answer: its food (one-hop) or that food's place (two-hop). */
    String subjectFor(Level level, String animal) {
        return level == Level.ONE_HOP ? world.foodOf(animal) : world.foodPlaceOf(animal);
    }

    /**
     * The question with {@code options} (animals, exactly one of which answers it) in label order.
     *
     * @throws IllegalArgumentException when not exactly one option answers the question
     */
    ReferenceQuestion compose(String id, Level level, String subject, List<String> options) {
        List<Question.Option> choices = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        Set<Fact> facts = new LinkedHashSet<>();
        String answer = null;
        for (int i = 0; i < options.size(); i++) {
            String label = String.valueOf((char) ('A' + i));
            String animal = options.get(i);
            boolean correct = answers(level, subject, animal);
            if (correct && answer != null) {
                throw new IllegalArgumentException("question " + id + ": options " + answer + " and " + label
                        + " both answer it");
            }
            answer = correct ? label : answer;
            choices.add(new Question.Option(label, animal));
            pieces.add(analysis(level, animal, correct, facts));
        }
        if (answer == null) {
            throw new IllegalArgumentException("question " + id + ": no option answers it");
        }
        String stem = level == Level.ONE_HOP
                ? "Which animal eats " + subject + "?"
                : "Which animal eats food from the " + subject + "?";
        List<String> labels = choices.stream().map(Question.Option::label).toList();
        Map<String, String> stages = Map.of(
                StageSpec.RECALL, recall(level, subject, facts),
                StageSpec.ANALYZE, PromptFormat.optionText(ReferenceDocument.stage(StageSpec.ANALYZE), labels, pieces),
                StageSpec.SUMMARIZE, "So the answer is option " + answer + ".");
        return new ReferenceQuestion(new Question(id, stem, choices, answer, stages), level, List.copyOf(facts));
    }

    /**
     * One option's analysis after its {@code For option X,} opening:
     * {@code the fox eats reeds[, which grow in the swamp], so yes.}; adds the facts it states.
     */
    private String analysis(Level level, String animal, boolean correct, Set<Fact> facts) {
        String food = world.foodOf(animal);
        facts.add(new Fact.Eats(animal, food));
        StringBuilder piece = new StringBuilder("the ").append(animal).append(" eats ").append(food);
        if (level == Level.TWO_HOP) {
            String place = world.placeOf(food);
            facts.add(new Fact.GrowsIn(food, place));
            piece.append(", which grow in the ").append(place);
        }
        return piece.append(correct ? ", so yes." : ", so no.").toString();
    }

    /**
     * The recall: who eats the food ({@code the bear and the owl eat acorns.}) or what grows in
     * the place ({@code ferns and reeds grow in the swamp.}); adds the facts it states.
     */
    private String recall(Level level, String subject, Set<Fact> facts) {
        if (level == Level.ONE_HOP) {
            List<String> eaters = world.eatersOf(subject);
            eaters.forEach(a -> facts.add(new Fact.Eats(a, subject)));
            return String.join(" and ", eaters.stream().map(a -> "the " + a).toList())
                    + (eaters.size() == 1 ? " eats " : " eat ") + subject + ".";
        }
        List<String> foods = world.foodsOf(subject);
        foods.forEach(f -> facts.add(new Fact.GrowsIn(f, subject)));
        return String.join(" and ", foods) + " grow in the " + subject + ".";
    }
}
