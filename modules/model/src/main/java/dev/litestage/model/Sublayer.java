package dev.litestage.model;

/**
 * One skippable unit of a transformer block: its attention or its MLP sublayer.
 *
 * @param layer the block index, from 0
 * @param kind  which half of the block
 */
public record Sublayer(int layer, Kind kind) implements Comparable<Sublayer> {

    /** The two sublayers of a Llama block, in execution order. */
    public enum Kind {
        ATTENTION("attn"),
        MLP("mlp");

        private final String token;

        Kind(String token) {
            this.token = token;
        }

        /** The name used in skip specs and reports ({@code attn}, {@code mlp}). */
        public String token() {
            return token;
        }

        /** Parses {@code attn}/{@code attention} or {@code mlp}/{@code ffn}; null when unknown. */
        public static Kind parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "attn", "attention" -> ATTENTION;
                case "mlp", "ffn" -> MLP;
                default -> null;
            };
        }
    }

    public Sublayer {
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, was " + layer);
        }
        java.util.Objects.requireNonNull(kind, "kind");
    }

    public static Sublayer attention(int layer) {
        return new Sublayer(layer, Kind.ATTENTION);
    }

    public static Sublayer mlp(int layer) {
        return new Sublayer(layer, Kind.MLP);
    }

    /** Position in execution order: {@code 2*layer} for attention, {@code 2*layer+1} for MLP. */
    public int index() {
        return 2 * layer + (kind == Kind.ATTENTION ? 0 : 1);
    }

    /** The sublayer at execution-order position {@code index}. */
    public static Sublayer ofIndex(int index) {
        return new Sublayer(index / 2, index % 2 == 0 ? Kind.ATTENTION : Kind.MLP);
    }

    @Override
    public int compareTo(Sublayer other) {
        return Integer.compare(index(), other.index());
    }

    @Override
    public String toString() {
        return kind.token() + ":" + layer;
    }
}
