package dev.litestage.training;

/**
 * The scalar part of a checkpoint: where training stopped and how far it had come. Saved as
 * {@code state.json} beside the checkpoint's tensors.
 *
 * @param config         the configuration being trained; a resume under another one is refused
 * @param step           optimizer steps completed
 * @param totalSteps     the run's planned steps
 * @param position       the data stream's position after {@code step}
 * @param tokens         real (non-padding) tokens trained on so far
 * @param elapsedSeconds training wall time so far, over all sessions
 * @param lastLoss       the loss of step {@code step}
 */
record TrainingState(TrainingConfig config, int step, int totalSteps, DataPosition position, long tokens,
                     double elapsedSeconds, double lastLoss) {
}
