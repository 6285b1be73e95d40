package dev.litestage.runtime;


/**
 * How a {@link RuntimeDecoder} batches concurrent calls ({@link BatchScheduler}).
 *
 * @param maxBatch        the most questions (or generations) advanced together in one stage step
 * @param collectMillis   how long new requests may wait, after a step answered more calls than
 *                        have come back since, for those clients to ask again and join their
 *                        step; calls part-way through never wait
 * @param maxOutstanding  the most calls admitted and not yet answered (waiting or in a batch);
 *                        one more is refused with {@link OverloadedException} at once
 * @param workers         decoding threads, each over its own replica of the model (weights
 *                        shared) with its own lanes; a call goes to the one with the fewest
 *                        outstanding calls and stays there for all its stages. On the 2-core
 *                        project machine two workers gave less throughput than one with the
 *                        reference model (5.0-5.3x serial against 6.5-6.8x): a step costs about
 *                        the same at half the batch, and the HTTP threads need the other core
 */
public record BatchingOptions(int maxBatch, int collectMillis, int maxOutstanding, int workers) {

    public static final int DEFAULT_MAX_BATCH = 64;
    public static final int DEFAULT_COLLECT_MILLIS = 50;
    public static final int DEFAULT_MAX_OUTSTANDING = 256;

    public BatchingOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, was " + maxBatch);
        }
        if (collectMillis < 0) {
            throw new IllegalArgumentException("collectMillis must be >= 0, was " + collectMillis);
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be >= 1, was " + maxOutstanding);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        }
    }

    /** 64 per step, 50 ms collection, 256 outstanding calls, one decoding thread. */
    public static BatchingOptions defaults() {
        return new BatchingOptions(DEFAULT_MAX_BATCH, DEFAULT_COLLECT_MILLIS, DEFAULT_MAX_OUTSTANDING, 1);
    }

    public BatchingOptions withMaxBatch(int n) {
        return new BatchingOptions(n, collectMillis, maxOutstanding, workers);
    }

    public BatchingOptions withMaxOutstanding(int n) {
        return new BatchingOptions(maxBatch, collectMillis, n, workers);
    }

    public BatchingOptions withWorkers(int n) {
        return new BatchingOptions(maxBatch, collectMillis, maxOutstanding, n);
    }
}
