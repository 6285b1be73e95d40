package dev.litestage.benchmark.data;

import dev.litestage.reasoning.Question;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The questions loaded from one dataset file.
 *
 * @param name      the dataset's name in reports
 * @param questions the valid questions, in file order
 * @param skipped   the records left out under {@link BadRecordPolicy#SKIP}, in file order
 */
public record Dataset(String name, List<Question> questions, List<BadRecord> skipped) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        questions = List.copyOf(questions);
        skipped = List.copyOf(skipped);
    }

    /** Number of questions. */
    public int size() {
        return questions.size();
    }

    /** Number of records left out as bad. */
    public int skippedCount() {
        return skipped.size();
    }

    /**
     * {@code n} questions drawn without replacement, the same for the same {@code seed}, kept in
     * file order so that a sample reads like its dataset. With {@code n >= size()} the whole dataset.
     *
     * <p>The draw uses {@link java.util.Random}, whose sequence the JDK specifies exactly, so a
     * seed names the same sample on every JVM.
     */
    public Dataset sample(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("sample size must be >= 0, was " + n);
        }
        if (n >= questions.size()) {
            return this;
        }
        int[] order = new int[questions.size()];
        Arrays.setAll(order, i -> i);
        Random random = new Random(seed);
        // A partial Fisher-Yates shuffle: the first n slots end up a uniform sample.
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        return new Dataset(name, Arrays.stream(chosen).mapToObj(questions::get).toList(), skipped);
    }

    /** The first {@code n} questions (all of them when there are fewer). */
    public Dataset first(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + n);
        }
        return n >= questions.size() ? this : new Dataset(name, questions.subList(0, n), skipped);
    }
}
