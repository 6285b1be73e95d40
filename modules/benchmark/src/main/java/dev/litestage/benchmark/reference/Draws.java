package dev.litestage.benchmark.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random choices. Built on {@link Random}, whose sequence the JDK specifies exactly, with
 * its own Fisher-Yates shuffle, so that a seed names the same world and questions on every JVM.
 */
final class Draws {

    private final Random random;

    Draws(long seed) {
        this.random = new Random(seed);
    }

    /** A uniform index in {@code [0, bound)}. */
    int index(int bound) {
        return random.nextInt(bound);
    }

    /** A uniformly chosen element. */
    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** A shuffled copy of {@code items}. */
    <T> List<T> shuffled(List<T> items) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return copy;
    }

    /** {@code k} distinct elements, in draw order. */
    <T> List<T> sample(List<T> items, int k) {
        if (k > items.size()) {
            throw new IllegalArgumentException("cannot draw " + k + " of " + items.size());
        }
        return shuffled(items).subList(0, k);
    }
}
