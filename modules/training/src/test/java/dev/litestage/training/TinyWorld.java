package dev.litestage.training;

import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A miniature of the reference benchmark for tests, in the same document format: six animals,
 * three foods, two places, one-hop questions ("Which animal eats acorns?") whose gold stages
 * recall the eaters, analyze each option and name the answer.
 */
final class TinyWorld {

    static final List<String> ANIMALS = List.of("bear", "cat", "deer", "fox", "hen", "owl");
    static final Map<String, String> EATS = Map.of("bear", "acorns", "cat", "reeds", "deer", "seeds",
            "fox", "reeds", "hen", "seeds", "owl", "acorns");
    static final Map<String, String> GROWS = Map.of("acorns", "forest", "reeds", "swamp", "seeds", "forest");

    private TinyWorld() {
    }

    /** The fact sentences, e.g. {@code the fox eats reeds.} */
    static List<String> facts() {
        List<String> out = new ArrayList<>();
        ANIMALS.forEach(a -> out.add("the " + a + " eats " + EATS.get(a) + "."));
        GROWS.keySet().stream().sorted().forEach(f -> out.add(f + " grow in the " + GROWS.get(f) + "."));
        return out;
    }

    /** {@code n} questions drawn from {@code seed}, each with exactly one correct option. */
    static List<Question> questions(int n, long seed) {
        Random random = new Random(seed);
        List<String> foods = List.of("acorns", "reeds", "seeds");
        List<Question> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String food = foods.get(random.nextInt(foods.size()));
            List<String> eaters = ANIMALS.stream().filter(a -> EATS.get(a).equals(food)).toList();
            List<String> others = new ArrayList<>(ANIMALS.stream().filter(a -> !EATS.get(a).equals(food)).toList());
            java.util.Collections.shuffle(others, random);
            List<String> options = new ArrayList<>(others.subList(0, 3));
            int answer = random.nextInt(4);
            options.add(answer, eaters.get(random.nextInt(eaters.size())));
            List<String> pieces = options.stream().map(a -> "the " + a + " eats " + EATS.get(a)
                    + (EATS.get(a).equals(food) ? ", so yes." : ", so no.")).toList();
            List<Question.Option> labelled = Question.labelled(options);
            StageSpec analyze = MultiStagePipeline.standardStages().get(1);
            Map<String, String> gold = Map.of(
                    StageSpec.RECALL, String.join(" and ", eaters.stream().map(a -> "the " + a).toList()) + " eat " + food + ".",
                    StageSpec.ANALYZE, PromptFormat.optionText(analyze, labelled.stream().map(Question.Option::label).toList(), pieces),
                    StageSpec.SUMMARIZE, "So the answer is option " + labelled.get(answer).label() + ".");
            out.add(new Question("tiny-" + i, "Which animal eats " + food + "?", labelled, labelled.get(answer).label(), gold));
        }
        return out;
    }

    /** The full gold document of {@code q}. */
    static String document(Question q) {
        return PromptFormat.document(q, MultiStagePipeline.standardStages(), q.goldStages());
    }

    /** Facts plus the documents of {@code n} questions: a corpus for short training runs. */
    static TrainingCorpus corpus(int n, long seed) {
        List<String> texts = new ArrayList<>(facts());
        questions(n, seed).forEach(q -> texts.add(document(q)));
        return new TrainingCorpus(texts, List.of(), List.of());
    }
}
