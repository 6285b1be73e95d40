package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;

/**
 * How the graphs apply RoPE's "rotate half" to queries and keys: a trade between ops and bytes.
 * <ul>
 *   <li>{@link #ROTATED_COPY}: the fused projection carries a second, rotated copy of its columns
 *       ({@code rotate_half(x @ W) == x @ (W R)}), so rotation is one multiply and one sum: the
 *       fewest ops, twice the bytes of the largest attention matrix;</li>
 *   <li>{@link #SWAPPED_HALVES}: one projection, and the rotation is a reverse of each head's two
 *       feature halves in the graph (a split and a concat), three ops more.</li>
 * </ul>
 * SameDiff charges 20-60 us of bookkeeping per op, so narrow models, whose matrices are read in
 * microseconds, take the copy; wide ones, where the copy of SmolLM2-135M's projection cost 0.45 of
 * attention's 1.8 ms per decode call, swap halves.
 */
enum RopeForm {
    ROTATED_COPY,
    SWAPPED_HALVES;

    /** Widths from which reading a second copy of the projection costs more than three ops. */
    static final int SWAP_FROM_HIDDEN_SIZE = 256;

    static RopeForm forModel(ModelConfig config) {
        return config.hiddenSize() >= SWAP_FROM_HIDDEN_SIZE ? SWAPPED_HALVES : ROTATED_COPY;
    }

    /** Columns of the fused projection: {@code width}, or twice that with the rotated copy. */
    int projectionColumns(int width) {
        return this == ROTATED_COPY ? 2 * width : width;
    }
}
