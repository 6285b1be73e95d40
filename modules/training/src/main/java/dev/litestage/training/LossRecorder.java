package dev.litestage.training;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Reads a training step's loss from the values its backward pass computes anyway.
 *
 * <p>In SameDiff 1.0.0-M2.1, {@code fit} runs only the ops that gradients need, and no gradient
 * needs the loss value itself, so the loss variable is never evaluated and {@code fit} reports 0.
 * The gradient of the final division does need both of its operands, the summed target
 * log-probability and the number of loss positions; this listener catches those two and divides.
 */
final class LossRecorder extends BaseListener {

    private double logProbSum = Double.NaN;
    private double tokens = Double.NaN;

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context, INDArray[] outputs) {
        int i = 0;
        for (String name : op.getOutputsOfOp()) {
            if (name.equals(DecoderGraph.TARGET_LOG_PROB_SUM)) {
                logProbSum = outputs[i].getDouble(0);
            } else if (name.equals(DecoderGraph.LOSS_TOKENS)) {
                tokens = outputs[i].getDouble(0);
            }
            i++;
        }
    }

    /** Forgets the last step's values. */
    void reset() {
        logProbSum = Double.NaN;
        tokens = Double.NaN;
    }

    /**
     * The mean cross entropy of the step just taken.
     *
     * @throws IllegalStateException when the step did not compute the loss terms
     */
    double loss() {
        if (Double.isNaN(tokens)) {
            throw new IllegalStateException("the training step computed no " + DecoderGraph.TARGET_LOG_PROB_SUM
                    + " / " + DecoderGraph.LOSS_TOKENS + "; the loss cannot be read");
        }
        return -logProbSum / tokens;
    }
}
