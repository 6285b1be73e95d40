package dev.litestage.model;

import java.util.function.Consumer;

/**
 * A running batch of sequences under one skip mask that new sequences may join while it runs
 * (continuous batching): a caller {@link #join joins} requests, then calls {@link #step()} until
 * the batch {@link #isIdle() is idle}; each request's result goes to its callback the moment its
 * sequence stops. Joined requests are prefilled together at the next step and then decode with
 * the rows already there, one SameDiff call per sublayer for all of them; a finished row leaves
 * the batch at once and costs nothing more.
 *
 * <p>A batch belongs to one thread. Batches of the same model may be stepped in turn (one per
 * mask, say): the model serializes their calls.
 */
public interface GenerationBatch {

    /** The mask every row runs under. */
    SkipMask mask();

    /** Rows decoding now, not counting requests joined since the last step. */
    int rows();

    /** Requests joined and not yet prefilled. */
    int waiting();

    /**
     * Whether {@code request} fits now: within the row limit and the cache bound with everything
     * already here and waiting. An idle batch takes any request.
     */
    boolean hasRoomFor(GenerationRequest request);

    /**
     * Adds a request; it is prefilled at the next {@link #step()}. A request the model cannot run
     * gets its refusal through {@code done} at once.
     *
     * @param index the request's number, carried into its {@link GenerationResult}
     */
    void join(int index, GenerationRequest request, Consumer<GenerationResult> done);

    /** Prefills what has joined, then runs one decode step for every row; finished rows are delivered. */
    void step();

    /** Whether nothing is decoding or waiting. */
    default boolean isIdle() {
        return rows() == 0 && waiting() == 0;
    }
}
