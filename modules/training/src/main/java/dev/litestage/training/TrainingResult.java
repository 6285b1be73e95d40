package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import java.nio.file.Path;

/**
 * A finished run: what {@code training.json} records.
 *
 * @param outputDir       where the model, tokenizer and curve were written
 * @param model           the trained decoder's shape
 * @param parameters      trainable parameters
 * @param steps           optimizer steps taken in all
 * @param tokens          real tokens trained on in all
 * @param finalLoss       the last step's loss
 * @param finalLossMean   mean loss over the last {@link #FINAL_WINDOW} steps (or all, if fewer)
 * @param elapsedSeconds  training wall time over all sessions
 * @param resumedFromStep the checkpoint step this session started from, 0 when it started fresh
 */
public record TrainingResult(Path outputDir, ModelConfig model, long parameters, int steps, long tokens,
                             double finalLoss, double finalLossMean, double elapsedSeconds, int resumedFromStep) {

    /** Steps averaged into {@link #finalLossMean}. */
    public static final int FINAL_WINDOW = 20;

    /** Average throughput over the whole run. */
    public double tokensPerSecond() {
        return elapsedSeconds > 0 ? tokens / elapsedSeconds : 0;
    }
}
