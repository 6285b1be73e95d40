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
 * A test {@link LanguageModel} that answers prompts from a script, token by token with scripted
 * confidences, then EOS: either the reply of the longest registered prompt suffix the prompt ends
 * with ({@link #reply}), failing loudly on a prompt it has no reply for, or whatever a script
 * function returns for the prompt ({@link #following}). It honours the token budget and the stop
 * condition like a real engine and records every call, replicas included (a replica shares the
 * script and the call log and says which instance served a call). Timings are synthetic and
 * deterministic: 1000 ns per prompt token of prefill, 100 ns per generated token of decode.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    /** Confidence of scripted tokens that were given none. */
    public static final float DEFAULT_CONFIDENCE = 0.9f;

    /**
     * One recorded {@code generate} call.
     *
     * @param instance which model served it: 0 for the original, then its replicas in creation order
     */
    public record Call(String prompt, int[] promptIds, SkipMask mask, int maxNewTokens, Generation generation,
                       String generated, int instance) {
    }

    /** What a script function answers to one prompt: the text, every token at one confidence. */
    public record Reply(String text, float confidence) {
    }

    private record Scripted(Function<String, String> text, float[] confidences) {
    }

    private final ModelConfig config;
    private final String fingerprint;
    private final WordTokenizer tokenizer = new WordTokenizer();
    private final Map<String, Scripted> script;
    private final Function<String, Reply> function;
    private final List<Call> calls;
    private final int instance;
    private final java.util.concurrent.atomic.AtomicInteger replicas;

    public ScriptedLanguageModel(int layers, String fingerprint) {
        this(new ModelConfig(ModelConfig.LLAMA, 8, layers, 2, 2, 16, 4096, 4096, 10000, 1e-5, true, false), fingerprint,
                new LinkedHashMap<>(), null, new ArrayList<>(), 0, new java.util.concurrent.atomic.AtomicInteger());
    }

    /** A 4-layer scripted model. */
    public ScriptedLanguageModel() {
        this(4, "0".repeat(64));
    }

    private ScriptedLanguageModel(ModelConfig config, String fingerprint, Map<String, Scripted> script,
                                  Function<String, Reply> function, List<Call> calls, int instance,
                                  java.util.concurrent.atomic.AtomicInteger replicas) {
        this.config = config;
        this.fingerprint = fingerprint;
        this.script = script;
        this.function = function;
        this.calls = calls;
        this.instance = instance;
        this.replicas = replicas;
    }

    /** A {@code layers}-layer model answering every prompt with what {@code script} returns for it. */
    public static ScriptedLanguageModel following(int layers, Function<String, Reply> script) {
        ScriptedLanguageModel base = new ScriptedLanguageModel(layers, "f".repeat(64));
        return new ScriptedLanguageModel(base.config, base.fingerprint, base.script, script, base.calls, 0, base.replicas);
    }

    /** Another instance following the same script and logging into the same call log. */
    @Override
    public ScriptedLanguageModel replica() {
        synchronized (calls) {
            return new ScriptedLanguageModel(config, fingerprint, script, function, calls, replicas.incrementAndGet(),
                    replicas);
        }
    }

    /** Replies {@code text} (then EOS) to prompts ending with {@code promptSuffix}; confidences default. */
    public ScriptedLanguageModel reply(String promptSuffix, String text) {
        return reply(promptSuffix, text, new float[0]);
    }

    /** As {@link #reply(String, String)}, with per-token confidences (missing ones default). */
    public ScriptedLanguageModel reply(String promptSuffix, String text, float... confidences) {
        synchronized (calls) {
            script.put(promptSuffix, new Scripted(prompt -> text, confidences.clone()));
        }
        return this;
    }

    /**
     * Replies to prompts ending with {@code promptSuffix} with the text {@code reply} computes from
     * the whole prompt (then EOS), at the default confidence: for answers that depend on the question.
     */
    public ScriptedLanguageModel replyWith(String promptSuffix, Function<String, String> reply) {
        synchronized (calls) {
            script.put(promptSuffix, new Scripted(reply, new float[0]));
        }
        return this;
    }

    /** Every generate call so far, of this model and its replicas, in order. */
    public List<Call> calls() {
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
        return fingerprint;
    }

    private Scripted replyTo(String prompt) {
        if (function != null) {
            Reply r = function.apply(prompt);
            float[] confidences = new float[tokenizer.encode(r.text(), false).length];
            Arrays.fill(confidences, r.confidence());
            return new Scripted(p -> r.text(), confidences);
        }
        synchronized (calls) {
            return script.entrySet().stream().filter(e -> prompt.endsWith(e.getKey()))
                    .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                    .map(Map.Entry::getValue)
                    .orElseThrow(() -> new AssertionError("no scripted reply for prompt:\n" + prompt));
        }
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        String prompt = tokenizer.decode(promptIds);
        Scripted reply = replyTo(prompt);
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
        synchronized (calls) {
            calls.add(new Call(prompt, promptIds.clone(), mask, maxNewTokens, g, tokenizer.decode(g.generatedIds()),
                    instance));
        }
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
