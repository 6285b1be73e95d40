package dev.litestage.model;

/**
 * How much a batched generation may hold at once. Rows are sequences decoding together (one
 * SameDiff call per sublayer serves all of them); the KV cache of a batch grows with rows times
 * positions, and a prefill call's activations with rows times prompt tokens, so both are bounded:
 * a batch admits a sequence only while its estimated cache stays under {@code maxCacheBytes}
 * (a batch always admits at least one), and prompts are prefilled in chunks of at most
 * {@code maxPrefillTokens} rows x tokens per call, however long they are.
 *
 * @param maxRows          sequences decoding together ({@code >= 1})
 * @param maxCacheBytes    bound on a batch's estimated key/value cache, in bytes ({@code >= 1})
 * @param maxPrefillTokens rows x prompt tokens per prefill call ({@code >= 1})
 */
public record BatchLimits(int maxRows, long maxCacheBytes, int maxPrefillTokens) {

    /** 32 rows, a 1 GiB cache, 4096 prefill tokens per call. */
    public static final BatchLimits DEFAULT = new BatchLimits(32, 1L << 30, 4096);

    public BatchLimits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("batch size (max rows) must be >= 1, was " + maxRows);
        }
        if (maxCacheBytes < 1) {
            throw new IllegalArgumentException("max cache bytes must be >= 1, was " + maxCacheBytes);
        }
        if (maxPrefillTokens < 1) {
            throw new IllegalArgumentException("max prefill tokens must be >= 1, was " + maxPrefillTokens);
        }
    }

    /** These limits with another number of rows. */
    public BatchLimits withMaxRows(int rows) {
        return new BatchLimits(rows, maxCacheBytes, maxPrefillTokens);
    }
}
