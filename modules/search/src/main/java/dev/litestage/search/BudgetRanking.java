package dev.litestage.search;

/** Which importance ranking a stage's skip budget draws from. */
public enum BudgetRanking {
    /** Stage {@code s} skips the {@code k_s} top sublayers of its own ranking. */
    PER_STAGE,
    /** Every stage skips the top sublayers of the ranking accumulated over stages. */
    ACCUMULATED;

    /** The name used in configuration files: {@code per-stage} or {@code accumulated}. */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses {@code per-stage} or {@code accumulated}.
     *
     * @throws IllegalArgumentException naming the field {@code search.ranking} when unknown
     */
    public static BudgetRanking parse(String text) {
        for (BudgetRanking r : values()) {
            if (r.token().equalsIgnoreCase(text.trim()) || r.name().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("search.ranking: unknown ranking '" + text
                + "' (expected per-stage or accumulated)");
    }
}
