package dev.litestage.training;

import dev.litestage.model.ModelConfig;

/**
 * What a run is about to do, announced before its first step.
 *
 * @param model       the decoder being trained
 * @param parameters  trainable parameters
 * @param documents   training documents
 * @param totalSteps  steps the run ends at
 * @param startStep   steps already done (restored from a checkpoint), 0 for a fresh run
 * @param elapsedSeconds training time already spent by earlier sessions
 */
public record TrainingPlan(ModelConfig model, long parameters, int documents, int totalSteps, int startStep,
                           double elapsedSeconds) {
}
