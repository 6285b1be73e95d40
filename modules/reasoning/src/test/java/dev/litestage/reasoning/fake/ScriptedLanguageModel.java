package dev.litestage.reasoning.fake;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A test {@link LanguageModel} that answers prompts from a script: the reply of the longest
 * registered prompt suffix the prompt ends with, token by token with scripted confidences, then
 * EOS. It honours the token budget and the stop condition like a real engine, records every call,
 * and fails loudly on a prompt it has no reply for. Timings are synthetic and deterministic:
 * 1000 ns per prompt token of prefill, 100 ns per generated token of decode.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    /** Confidence of scripted tokens that were given none. */
    public static final float DEFAULT_CONFIDENCE = 0.9f;

    /** One recorded {@code generate} call. */
    public record Call(String prompt, int[] promptIds, SkipMask mask, int maxNewTokens, Generation generation) {
    }

    private record Reply(Function<String, String> text, float[] confidences) {
    }

    private final ModelConfig config;
    private final String fingerprint;
    private final WordTokenizer tokenizer = new WordTokenizer();
    private final Map<String, Reply> script = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    public ScriptedLanguageModel(int layers, String fingerprint) {
        this.config = new ModelConfig(ModelConfig.LLAMA, 8, layers, 2, 2, 16, 4096, 4096, 10000, 1e-5, true, false);
        this.fingerprint = fingerprint;
    }

    /** A 4-layer scripted model. */
    public ScriptedLanguageModel() {
        this(4, "0".repeat(64));
    }

    /** Replies {@code text} (then EOS) to prompts ending with {@code promptSuffix}; confidences default. */
    public ScriptedLanguageModel reply(String promptSuffix, String text) {
        return reply(promptSuffix, text, new float[0]);
    }

    /** As {@link #reply(String, String)}, with per-token confidences (missing ones default). */
    public synchronized ScriptedLanguageModel reply(String promptSuffix, String text, float... confidences) {
        script.put(promptSuffix, new Reply(prompt -> text, confidences.clone()));
        return this;
    }

    /**
     * Replies to prompts ending with {@code promptSuffix} with the text {@code reply} computes from
     * the whole prompt (then EOS), at the default confidence: for answers that depend on the question.
     */
    public synchronized ScriptedLanguageModel replyWith(String promptSuffix, Function<String, String> reply) {
        script.put(promptSuffix, new Reply(reply, new float[0]));
        return this;
    }

    /** Every generate call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public synchronized Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        String prompt = tokenizer.decode(promptIds);
        Reply reply = script.entrySet().stream().filter(e -> prompt.endsWith(e.getKey()))
                .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new AssertionError("no scripted reply for prompt:\n" + prompt));
        int[] scripted = tokenizer.encode(reply.text().apply(prompt), false);
        int[] out = new int[Math.min(scripted.length, maxNewTokens)];
        float[] conf = new float[out.length];
        Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
        int n = 0;
        while (n < maxNewTokens) {
            if (n == scripted.length) {
                reason = Generation.StopReason.EOS;
                break;
            }
            out[n] = scripted[n];
            conf[n] = n < reply.confidences().length ? reply.confidences()[n] : DEFAULT_CONFIDENCE;
            n++;
            if (stop.shouldStop(out[n - 1], conf[n - 1])) {
                reason = Generation.StopReason.CONDITION;
                break;
            }
        }
        Generation g = new Generation(promptIds.clone(), Arrays.copyOf(out, n), Arrays.copyOf(conf, n), reason,
                1000L * promptIds.length, 100L * n);
        calls.add(new Call(prompt, promptIds.clone(), mask, maxNewTokens, g));
        return g;
    }

    @Override
    public float[][] logits(int[] ids, SkipMask mask) {
        throw new UnsupportedOperationException("a scripted model has no logits");
    }

    @Override
    public SublayerSimilarity similarity(int[] ids) {
        throw new UnsupportedOperationException("a scripted model has no hidden states");
    }
}
