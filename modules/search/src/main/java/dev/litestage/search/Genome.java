package dev.litestage.search;

/** How the genetic strategy encodes a configuration. */
public enum Genome {
    /**
     * One integer gene per stage in {@code 0..kmax}: the stage skips that many top-ranked
     * sublayers. A small space that follows the importance ranking.
     */
    BUDGETS,
    /**
     * One bit chromosome of {@code 2 * layers} bits per stage: a free skip mask, at most
     * {@code kmax} bits set. A large space that ignores the ranking except when repairing.
     */
    MASKS;

    /** The name used in configuration files: {@code budgets} or {@code masks}. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code budgets} or {@code masks}.
     *
     * @throws IllegalArgumentException naming the field {@code search.genome} when unknown
     */
    public static Genome parse(String text) {
        for (Genome g : values()) {
            if (g.token().equalsIgnoreCase(text.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException("search.genome: unknown genome '" + text + "' (expected budgets or masks)");
    }
}
