package dev.litestage.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which sublayers of a model are skipped. A skipped sublayer is the identity on the residual
 * stream; a skipped attention sublayer also appends nothing to its layer's KV cache.
 *
 * <p>Immutable. The readable form ({@link #toSpec()}, {@link #parse(String, int)}) lists skipped
 * layers per kind, e.g. {@code attn:3,5;mlp:7} or with ranges {@code attn:2-4}; {@code none} or
 * the empty string means nothing is skipped.
 */
public final class SkipMask {

    private final int layers;
    private final BitSet attention;
    private final BitSet mlp;

    private SkipMask(int layers, BitSet attention, BitSet mlp) {
        this.layers = layers;
        this.attention = attention;
        this.mlp = mlp;
    }

    /** A mask over {@code layers} layers that skips nothing. */
    public static SkipMask none(int layers) {
        if (layers <= 0) {
            throw new IllegalArgumentException("layers must be positive, was " + layers);
        }
        return new SkipMask(layers, new BitSet(layers), new BitSet(layers));
    }

    /** A mask that skips exactly the given sublayers. */
    public static SkipMask of(int layers, Collection<Sublayer> skipped) {
        SkipMask mask = none(layers);
        for (Sublayer s : skipped) {
            mask.check(s.layer(), s.toString());
            (s.kind() == Sublayer.Kind.ATTENTION ? mask.attention : mask.mlp).set(s.layer());
        }
        return mask;
    }

    /**
     * Parses a readable spec such as {@code attn:3,5;mlp:7} or {@code attn:0-2;mlp:1}.
     *
     * @throws IllegalArgumentException naming the offending token when the spec is malformed or a
     *                                  layer is out of range
     */
    /**
     * A skip spec a person typed (a {@code --skip} option): as {@link #parse}, but an empty spec and
     * a kind with no layers after its colon ({@code "attn:"}) are refused rather than read as
     * nothing skipped, since both usually mean the layers were lost on the way (an unset shell
     * variable); {@code none} names the full model.
     */
    public static SkipMask parseTyped(String spec, int layers) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty skip spec: name the skipped sublayers (attn:3,5;mlp:0-2) or write none");
        }
        for (String group : spec.split(";")) {
            int colon = group.indexOf(':');
            if (colon >= 0 && group.substring(colon + 1).isBlank()) {
                throw new IllegalArgumentException("bad skip spec token '" + group.trim()
                        + "': no layers after the colon (attn:3,5 or mlp:0-2)");
            }
        }
        return parse(spec, layers);
    }

    public static SkipMask parse(String spec, int layers) {
        SkipMask mask = none(layers);
        String trimmed = spec == null ? "" : spec.trim();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("none")) {
            return mask;
        }
        for (String group : trimmed.split(";")) {
            if (group.isBlank()) {
                continue;
            }
            int colon = group.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad skip spec token '" + group.trim()
                        + "': expected KIND:LAYERS such as attn:3,5 or mlp:0-2");
            }
            Sublayer.Kind kind = Sublayer.Kind.parse(group.substring(0, colon));
            if (kind == null) {
                throw new IllegalArgumentException("bad skip spec token '" + group.substring(0, colon).trim()
                        + "': sublayer kind must be attn or mlp");
            }
            BitSet target = kind == Sublayer.Kind.ATTENTION ? mask.attention : mask.mlp;
            String list = group.substring(colon + 1).trim();
            if (list.isEmpty()) {
                continue;
            }
            for (String item : list.split(",")) {
                String token = item.trim();
                try {
                    int dash = token.indexOf('-', 1);
                    int from = Integer.parseInt(dash < 0 ? token : token.substring(0, dash).trim());
                    int to = dash < 0 ? from : Integer.parseInt(token.substring(dash + 1).trim());
                    if (to < from) {
                        throw new IllegalArgumentException("bad skip spec token '" + token + "': empty range");
                    }
                    mask.check(from, token);
                    mask.check(to, token);
                    target.set(from, to + 1);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad skip spec token '" + token
                            + "': expected a layer number or a range such as 2-4", e);
                }
            }
        }
        return mask;
    }

    private void check(int layer, String token) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("bad skip spec token '" + token + "': layer " + layer
                    + " is outside 0.." + (layers - 1));
        }
    }

    /** Number of layers this mask covers. */
    public int layers() {
        return layers;
    }

    public boolean skipsAttention(int layer) {
        return attention.get(layer);
    }

    public boolean skipsMlp(int layer) {
        return mlp.get(layer);
    }

    public boolean skips(Sublayer sublayer) {
        return sublayer.kind() == Sublayer.Kind.ATTENTION ? skipsAttention(sublayer.layer()) : skipsMlp(sublayer.layer());
    }

    /** Number of skipped sublayers. */
    public int skippedCount() {
        return attention.cardinality() + mlp.cardinality();
    }

    /** Whether nothing is skipped. */
    public boolean isEmpty() {
        return skippedCount() == 0;
    }

    /** The skipped attention layers in ascending order. */
    public List<Integer> skippedAttentionLayers() {
        return attention.stream().boxed().toList();
    }

    /** The skipped MLP layers in ascending order. */
    public List<Integer> skippedMlpLayers() {
        return mlp.stream().boxed().toList();
    }

    /** The skipped sublayers in execution order. */
    public List<Sublayer> skipped() {
        List<Sublayer> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            if (attention.get(i)) {
                out.add(Sublayer.attention(i));
            }
            if (mlp.get(i)) {
                out.add(Sublayer.mlp(i));
            }
        }
        return out;
    }

    /** This mask with {@code sublayer} skipped as well. */
    public SkipMask with(Sublayer sublayer) {
        check(sublayer.layer(), sublayer.toString());
        BitSet a = (BitSet) attention.clone();
        BitSet m = (BitSet) mlp.clone();
        (sublayer.kind() == Sublayer.Kind.ATTENTION ? a : m).set(sublayer.layer());
        return new SkipMask(layers, a, m);
    }

    /** The readable spec, e.g. {@code attn:3,5;mlp:7}, or {@code none}; {@link #parse} reads it back. */
    public String toSpec() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (!attention.isEmpty()) {
            parts.add("attn:" + join(attention));
        }
        if (!mlp.isEmpty()) {
            parts.add("mlp:" + join(mlp));
        }
        return String.join(";", parts);
    }

    private static String join(BitSet bits) {
        StringBuilder sb = new StringBuilder();
        bits.stream().forEach(i -> sb.append(sb.length() == 0 ? "" : ",").append(i));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SkipMask other && layers == other.layers
                && attention.equals(other.attention) && mlp.equals(other.mlp);
    }

    @Override
    public int hashCode() {
        return (31 * layers + attention.hashCode()) * 31 + mlp.hashCode();
    }

    @Override
    public String toString() {
        return toSpec().toLowerCase(Locale.ROOT);
    }
}
