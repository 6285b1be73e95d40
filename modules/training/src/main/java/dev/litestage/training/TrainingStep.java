package dev.litestage.training;

/**
 * One completed optimizer step: a row of {@code training-curve.csv}.
 *
 * @param step            1-based step number
 * @param tokens          real (non-padding) tokens trained on up to and including this step
 * @param loss            mean next-token cross entropy of this step's batch (nats)
 * @param learningRate    the learning rate this step used
 * @param tokensPerSecond this step's throughput
 * @param elapsedSeconds  training wall time up to the end of this step, over all sessions
 */
public record TrainingStep(int step, long tokens, double loss, double learningRate, double tokensPerSecond,
                           double elapsedSeconds) {
}
