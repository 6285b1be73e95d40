package dev.litestage.runtime;

import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import dev.litestage.model.SublayerSimilarity;
import dev.litestage.model.Tokenizer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a model and records the most generate calls ever in flight at once. It holds each call a
 * moment before delegating, so callers that are not serialized would overlap here.
 */
final class ConcurrencyProbe implements LanguageModel {

    private final LanguageModel delegate;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile java.util.concurrent.CountDownLatch gate;

    ConcurrencyProbe(LanguageModel delegate) {
        this.delegate = delegate;
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    /** Makes every generation wait until the returned latch is counted down. */
    java.util.concurrent.CountDownLatch hold() {
        gate = new java.util.concurrent.CountDownLatch(1);
        return gate;
    }

    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(1);
            java.util.concurrent.CountDownLatch g = gate;
            if (g != null && !g.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
            return delegate.generate(promptIds, mask, maxNewTokens, stop);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public ModelConfig config() {
        return delegate.config();
    }

    @Override
    public Tokenizer tokenizer() {
        return delegate.tokenizer();
    }

    @Override
    public String fingerprint() {
        return delegate.fingerprint();
    }

    @Override
    public float[][] logits(int[] ids, SkipMask mask) {
        return delegate.logits(ids, mask);
    }

    @Override
    public SublayerSimilarity similarity(int[] ids) {
        return delegate.similarity(ids);
    }
}
