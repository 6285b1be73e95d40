package dev.litestage.training;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Linear warmup to a peak, then cosine decay to a floor at the last step.
 *
 * @param peak        learning rate at the end of warmup
 * @param floor       learning rate at {@code totalSteps}
 * @param warmupSteps steps of linear warmup (0 for none)
 * @param totalSteps  last step of the run
 */
public record LearningRateSchedule(double peak, double floor, int warmupSteps, int totalSteps) {

    public LearningRateSchedule {
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("need 0 <= warmupSteps < totalSteps, were " + warmupSteps + " and " + totalSteps);
        }
        if (!(peak > 0) || !(floor >= 0) || floor > peak) {
            throw new IllegalArgumentException("need 0 <= floor <= peak and peak > 0, were " + floor + " and " + peak);
        }
    }

    /** The schedule of {@code config} over {@code totalSteps} steps. */
    static LearningRateSchedule of(TrainingConfig config, int totalSteps) {
        return new LearningRateSchedule(config.learningRate(), config.minLearningRate(), config.warmupSteps(), totalSteps);
    }

    /**
     * The schedule as ND4J's updater reads it: SameDiff counts iterations from 0, so iteration
     * {@code i} is step {@code i + 1}. Kept as explicit values so it survives a checkpoint exactly.
     */
    MapSchedule toNd4j() {
        Map<Integer, Double> values = new HashMap<>();
        for (int step = 1; step <= totalSteps; step++) {
            values.put(step - 1, at(step));
        }
        return new MapSchedule(ScheduleType.ITERATION, values);
    }

    /** The learning rate of step {@code step} (1-based). */
    public double at(int step) {
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
    }
}
