package dev.litestage.reasoning;

import dev.litestage.model.Generation;
import dev.litestage.model.GenerationSession;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import java.util.Optional;

/**
 * A question's session in a {@linkplain MultiStagePipeline#memoized() memoized} pipeline. A
 * remembered generation is not run, so the model's session does not hold what running it would
 * have left there; the next generation would reuse less than when every stage runs (or, from an
 * older generation, more), and its prefill counts, which the cost model prices, would depend on
 * which trials ran before in this JVM. This session remembers the generation it owes: when the next
 * real generation has the same mask, and so could reuse it, the owed one is run first; under another
 * mask, the session starts afresh, as the owed generation would have replaced what it held. And
 * since what a generation can reuse depends on the mask of the one before it, remembered outcomes
 * are keyed by that mask too ({@link #previousMask()}). So a trial's counts are those of answering
 * its questions from scratch, whatever ran before.
 */
final class RecallingSession implements GenerationSession {

    /** A remembered generation not run in this session: its stage, prompt and setting. */
    record Owed(StageSpec stage, String prompt, StageProfile setting) {
    }

    private final LanguageModel model;
    private GenerationSession real;
    private Owed owed;
    /** The mask of this question's last generation, run or remembered; null before the first. */
    private SkipMask last;

    RecallingSession(LanguageModel model) {
        this.model = model;
        this.real = model.session();
    }

    /** The model's session, for requests that run in it. */
    GenerationSession real() {
        return real;
    }

    /** The mask of this question's previous generation, {@code -} before its first: part of a remembered outcome's key. */
    String previousMask() {
        return last == null ? "-" : last.toSpec();
    }

    /** A generation of this session was answered from memory instead of run. */
    void recalled(Owed generation) {
        owed = generation;
        last = generation.setting().mask();
    }

    /**
     * Readies the session for a generation under {@code mask}: the owed generation, if the next
     * one could reuse it (same mask), to be run first; under another mask the session restarts.
     */
    Optional<Owed> settle(SkipMask mask) {
        Owed due = owed;
        owed = null;
        last = mask;
        if (due == null) {
            return Optional.empty();
        }
        if (due.setting().mask().equals(mask)) {
            return Optional.of(due);
        }
        real = model.session();
        return Optional.empty();
    }

    /**
     * Not for direct use: the pipeline that made this session runs its generations in
     * {@link #real()}, after {@link #settle} (which may owe a generation to run first).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Generation generate(int[] promptIds, SkipMask mask, int maxNewTokens, StopCondition stop) {
        throw new UnsupportedOperationException("a recalling session is driven by its memoized pipeline");
    }
}
