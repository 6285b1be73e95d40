package dev.litestage.benchmark.reference;

import dev.litestage.benchmark.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reference benchmark: train, dev and test questions over one {@link ReferenceWorld}.
 *
 * <p>Guarantees, for every generated benchmark:
 * <ul>
 *   <li>no question (stem and option set, {@link QuestionKey}) appears twice, within or across splits;</li>
 *   <li>every fact of the world is stated in the training questions of both levels: each animal
 *       is the answer of one one-hop and one two-hop training question, and every fact is also a
 *       training sentence ({@link #trainingTexts()}), so any dev or test question asks only for
 *       memorized facts;</li>
 *   <li>each split is half one-hop, half two-hop (one-hop gets the odd one);</li>
 *   <li>answer positions are balanced: in each split and each level, the counts of A, B, C and D
 *       differ by at most one.</li>
 * </ul>
 *
 * @param world the world the questions are about
 * @param seed  the seed the questions were drawn with
 * @param train the training questions
 * @param dev   the development questions
 * @param test  the test questions
 */
public record ReferenceBenchmark(ReferenceWorld world, long seed, List<ReferenceQuestion> train,
                                 List<ReferenceQuestion> dev, List<ReferenceQuestion> test) {

    public ReferenceBenchmark {
        Objects.requireNonNull(world, "world");
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }

    /**
     * Draws a benchmark of {@code size} over {@code world}, the same for the same world and seed.
     * The test split is drawn first, then dev, then train, all from one seeded sequence.
     *
     * @throws IllegalArgumentException when the training split is too small to state every fact
     *                                  ({@code train < 2 * animals}) or the world too small for the
     *                                  number of distinct questions asked for
     */
    public static ReferenceBenchmark generate(ReferenceWorld world, BenchmarkSize size, long seed) {
        int cover = world.animals().size();
        if (size.train() / 2 < cover) {
            throw new IllegalArgumentException("a training split of " + size.train() + " cannot state every fact in"
                    + " training questions: it needs one question per animal and level, at least " + 2 * cover);
        }
        Draws draws = new Draws(seed);
        QuestionDrawer drawer = new QuestionDrawer(world, draws);
        List<ReferenceQuestion> test = split(drawer, draws, Split.TEST, size.test(), List.of());
        List<ReferenceQuestion> dev = split(drawer, draws, Split.DEV, size.dev(), List.of());
        List<ReferenceQuestion> train = split(drawer, draws, Split.TRAIN, size.train(), world.animals());
        return new ReferenceBenchmark(world, seed, train, dev, test);
    }

    /** The questions of {@code split}. */
    public List<ReferenceQuestion> split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** The world's facts as training sentences ({@code the fox eats reeds.}, {@code reeds grow in the swamp.}). */
    public List<String> factSentences() {
        return world.facts().stream().map(Fact::sentence).toList();
    }

    /**
     * What a model learns the benchmark from: every fact sentence, then the full document
     * ({@link ReferenceDocument#render}) of every training question, one text each, in order.
     */
    public List<String> trainingTexts() {
        List<String> texts = new ArrayList<>(factSentences());
        train.forEach(q -> texts.add(q.document()));
        return List.copyOf(texts);
    }

    /**
     * One split: half one-hop (the odd one included), half two-hop; the answer position of the
     * k-th planned question is k mod 4, which balances positions within the split and within each
     * level; the plan is shuffled before questions are drawn so levels and positions interleave.
     *
     * @param cover answers that the first questions of each level must have
     */
    private static List<ReferenceQuestion> split(QuestionDrawer drawer, Draws draws, Split split, int n,
                                                 List<String> cover) {
        record Slot(Level level, String answer, int position) {
        }
        int oneHop = (n + 1) / 2;
        List<Slot> plan = new ArrayList<>(n);
        for (Level level : Level.values()) {
            int count = level == Level.ONE_HOP ? oneHop : n - oneHop;
            for (int i = 0; i < count; i++) {
                plan.add(new Slot(level, i < cover.size() ? cover.get(i) : null, plan.size() % QuestionDrawer.OPTIONS));
            }
        }
        List<ReferenceQuestion> questions = new ArrayList<>(n);
        for (Slot slot : draws.shuffled(plan)) {
            String id = String.format("%s-%05d", split.id(), questions.size() + 1);
            questions.add(drawer.draw(id, slot.level(), slot.answer(), slot.position()));
        }
        return questions;
    }
}
