package dev.litestage.benchmark.reference;

/**
 * Number of questions per split of a reference benchmark.
 *
 * @param train training questions; at least two per animal, so that every fact is stated in a
 *              training question of each level
 * @param dev   development questions
 * @param test  test questions
 */
public record BenchmarkSize(int train, int dev, int test) {

    /** 4000 / 200 / 300. */
    public static final BenchmarkSize DEFAULT = new BenchmarkSize(4000, 200, 300);

    public BenchmarkSize {
        if (train < 0 || dev < 0 || test < 0) {
            throw new IllegalArgumentException("split sizes must be >= 0, were " + train + "/" + dev + "/" + test);
        }
    }

    /** All questions together. */
    public int total() {
        return train + dev + test;
    }
}
