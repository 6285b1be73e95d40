package dev.litestage.search;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import dev.litestage.search.cost.PhaseCost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A language model with programmed answers: one token per word (BOS id 1 first),
 * {@link #similarity} from a function of the prompt's ids, and {@link #generate} reporting the
 * prefill and decode times a given pair of {@link PhaseCost}s implies for the mask, without
 * computing anything.
 */
public final class FakeLanguageModel implements LanguageModel {

    private final ModelConfig config;
    private final Function<int[], SublayerSimilarity> similarity;
    private final PhaseCost prefillCall;
    private final PhaseCost prefill;
    private final PhaseCost decode;
    private final List<int[]> similarityCalls = new ArrayList<>();
    private final List<SkipMask> generateCalls = new ArrayList<>();

    public FakeLanguageModel(int layers, Function<int[], SublayerSimilarity> similarity, PhaseCost prefill,
                             PhaseCost decode) {
        this(layers, similarity, PhaseCost.of(0, 0, 0), prefill, decode);
    }

    /** A model whose prefill costs {@code prefillCall} per call beyond {@code prefill} per token. */
    public FakeLanguageModel(int layers, Function<int[], SublayerSimilarity> similarity, PhaseCost prefillCall,
                             PhaseCost prefill, PhaseCost decode) {
        this.config = new ModelConfig(ModelConfig.LLAMA, 8, layers, 2, 2, 16, 1000, 512, 10000, 1e-5, false, false);
        this.similarity = similarity;
        this.prefillCall = prefillCall;
        this.prefill = prefill;
        this.decode = decode;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Tokenizer tokenizer() {
        return new Tokenizer() {
            @Override
            public int[] encode(String text, boolean bos) {
                String[] words = text.trim().split("\\s+");
                int[] ids = new int[words.length + (bos ? 1 : 0)];
                int i = 0;
                if (bos) {
                    ids[i++] = bosId();
                }
                for (String w : words) {
                    ids[i++] = 3 + Math.floorMod(w.hashCode(), 900);
                }
                return ids;
            }

            @Override
            public String decode(int[] ids) {
                return Arrays.toString(ids);
            }

            @Override
            public String piece(int id) {
                return "t" + id;
            }

            @Override
            public int bosId() {
                return 1;
            }

            @Override
            public int eosId() {
                return 2;
            }

            @Override
            public int vocabSize() {
                return 1000;
            }
        };
    }

    @Override
    public String fingerprint() {
        return "fake";
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        generateCalls.add(mask);
        int[] generated = new int[maxNewTokens];
        Arrays.fill(generated, 5);
        float[] confidences = new float[maxNewTokens];
        long prefillNanos = Math.round((prefillCall.msPerToken(mask) + promptIds.length * prefill.msPerToken(mask)) * 1e6);
        long decodeNanos = Math.round(maxNewTokens * decode.msPerToken(mask) * 1e6);
        return new Generation(promptIds, generated, confidences, Generation.StopReason.MAX_TOKENS, prefillNanos,
                decodeNanos);
    }

    @Override
    public float[][] logits(int[] ids, SkipMask mask) {
        throw new UnsupportedOperationException("not needed by the search");
    }

    @Override
    public SublayerSimilarity similarity(int[] ids) {
        similarityCalls.add(ids.clone());
        return similarity.apply(ids);
    }

    /** The id sequences {@link #similarity} was called with, in order. */
    public List<int[]> similarityCalls() {
        return List.copyOf(similarityCalls);
    }

    /** The masks {@link #generate} was called with, in order. */
    public List<SkipMask> generateCalls() {
        return List.copyOf(generateCalls);
    }
}
