package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.fake.WordTokenizer;
import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * A deterministic test {@link LanguageModel}: the continuation of a prompt is whatever the script
 * function returns for it, emitted one word-token at a time at the reply's confidence, until
 * the text ends (EOS), the budget runs out or the stop condition fires, exactly as an engine
 * would. Timings are synthetic: 1000 ns per prompt token of prefill, 100 ns per generated token
 * of decode. Every call is logged.
 */
final class ScriptedModel implements LanguageModel {

    static final int LAYERS = 2;

    /** What the script answers to one prompt. */
    record Reply(String text, float confidence) {
    }

    /** One generate call as the model saw it, and which instance (0 = original, then replicas) served it. */
    record Call(String prompt, String generated, Generation generation, int instance) {
    }

    private final WordTokenizer tokenizer = new WordTokenizer();
    private final ModelConfig config = new ModelConfig(ModelConfig.LLAMA, 8, LAYERS, 2, 2, 16,
            tokenizer.vocabSize(), 1 << 20, 10000, 1e-5, true, false);
    private final Function<String, Reply> script;
    /** Shared by the original and its replicas. */
    private final List<Call> calls;
    private final int instance;
    private final java.util.concurrent.atomic.AtomicInteger replicas;

    ScriptedModel(Function<String, Reply> script) {
        this(script, java.util.Collections.synchronizedList(new ArrayList<>()), 0,
                new java.util.concurrent.atomic.AtomicInteger());
    }

    private ScriptedModel(Function<String, Reply> script, List<Call> calls, int instance,
                          java.util.concurrent.atomic.AtomicInteger replicas) {
        this.script = script;
        this.calls = calls;
        this.instance = instance;
        this.replicas = replicas;
    }

    /** Another instance following the same script and logging into the same call log. */
    @Override
    public ScriptedModel replica() {
        return new ScriptedModel(script, calls, replicas.incrementAndGet(), replicas);
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
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
        return "f".repeat(64);
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        String prompt = tokenizer.decode(promptIds);
        Reply reply = script.apply(prompt);
        int[] scripted = tokenizer.encode(reply.text(), false);
        int n = 0;
        Generation.StopReason reason = Generation.StopReason.EOS;
        while (n < scripted.length) {
            if (n == maxNewTokens) {
                reason = Generation.StopReason.MAX_TOKENS;
                break;
            }
            n++;
            if (stop.shouldStop(scripted[n - 1], reply.confidence())) {
                reason = Generation.StopReason.CONDITION;
                break;
            }
        }
        float[] confidences = new float[n];
        Arrays.fill(confidences, reply.confidence());
        int[] generated = Arrays.copyOf(scripted, n);
        Generation g = new Generation(promptIds.clone(), generated, confidences, reason,
                1000L * promptIds.length, 100L * n);
        calls.add(new Call(prompt, tokenizer.decode(generated), g, instance));
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
