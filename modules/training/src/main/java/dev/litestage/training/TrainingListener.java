package dev.litestage.training;

import java.nio.file.Path;
import java.util.List;

/**
 * Follows a training run. Called on the training thread; a listener that throws stops the run
 * (after the last completed checkpoint, which a later {@code train} call resumes from).
 */
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = new TrainingListener() {};

    /** Before the first step of this session. */
    default void started(TrainingPlan plan) {
    }

    /** After every step, once its row is in the training curve. */
    default void stepDone(TrainingStep step) {
    }

    /** After a checkpoint has been completely written. */
    default void checkpointed(int step, Path checkpoint) {
    }

    /** After the model, tokenizer and {@code training.json} have been written. */
    default void finished(TrainingResult result) {
    }

    /** A listener that forwards every event to {@code listeners}, in order. */
    static TrainingListener all(TrainingListener... listeners) {
        List<TrainingListener> list = List.of(listeners);
        return new TrainingListener() {
            @Override
            public void started(TrainingPlan plan) {
                list.forEach(l -> l.started(plan));
            }

            @Override
            public void stepDone(TrainingStep step) {
                list.forEach(l -> l.stepDone(step));
            }

            @Override
            public void checkpointed(int step, Path checkpoint) {
                list.forEach(l -> l.checkpointed(step, checkpoint));
            }

            @Override
            public void finished(TrainingResult result) {
                list.forEach(l -> l.finished(result));
            }
        };
    }
}
