package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.ModelWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * One process's share of a training run: the graph with its optimizer state, restored from the
 * newest checkpoint or freshly initialized, stepping with {@code SameDiff.fit} until the run's
 * last step and checkpointing every {@code checkpointInterval} steps and after the last.
 *
 * <p>The optimizer is Adam ({@value #BETA1}, {@value #BETA2}) on the warmup-cosine schedule, with
 * decoupled weight decay ({@link WeightDecay} applied after the Adam update, scaled by the
 * learning rate) on every parameter.
 */
final class TrainingSession {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.95;
    static final double EPSILON = 1e-8;

    private final TrainingConfig config;
    private final DocumentStream stream;
    private final CheckpointStore store;
    private final DecoderGraph graph;
    private final TrainingState restored;
    private TrainingState state;

    private TrainingSession(TrainingConfig config, DocumentStream stream, CheckpointStore store, DecoderGraph graph,
                            TrainingState state) {
        this.config = config;
        this.stream = stream;
        this.store = store;
        this.graph = graph;
        this.restored = state;
        this.state = state;
    }

    /**
     * Resumes from {@code store}'s newest checkpoint, or starts from seeded weights when there is none.
     *
     * @throws IllegalStateException when the checkpoint belongs to another configuration
     */
    static TrainingSession open(TrainingConfig config, ModelConfig model, DocumentStream stream, int totalSteps,
                                CheckpointStore store) throws IOException {
        Optional<CheckpointStore.Checkpoint> checkpoint = store.latest();
        if (checkpoint.isEmpty()) {
            DecoderGraph graph = DecoderGraph.create(InitialWeights.random(model, config.seed()), model.maxSeqLen());
            graph.sameDiff().setTrainingConfig(optimizer(config, LearningRateSchedule.of(config, totalSteps)));
            TrainingState start = new TrainingState(config, 0, totalSteps, DataPosition.START, 0, 0, Double.NaN);
            return new TrainingSession(config, stream, store, graph, start);
        }
        TrainingState state = checkpoint.get().state();
        checkResumable(state, config, totalSteps, store);
        SameDiff sd = checkpoint.get().graph();
        if (sd.getTrainingConfig().getIterationCount() != state.step()) {
            throw new IllegalStateException(store.dir() + ": the checkpoint's graph has taken "
                    + sd.getTrainingConfig().getIterationCount() + " steps but its state says " + state.step());
        }
        return new TrainingSession(config, stream, store, DecoderGraph.wrap(sd, model), state);
    }

    /** SameDiff's training setup: Adam on {@code schedule}, decoupled weight decay, and the placeholder mapping. */
    private static org.nd4j.autodiff.samediff.TrainingConfig optimizer(TrainingConfig config, LearningRateSchedule schedule) {
        Adam adam = Adam.builder().learningRateSchedule(schedule.toNd4j()).beta1(BETA1).beta2(BETA2).epsilon(EPSILON)
                .build();
        var builder = org.nd4j.autodiff.samediff.TrainingConfig.builder()
                .updater(adam)
                .dataSetFeatureMapping(DecoderGraph.FEATURES)
                .dataSetLabelMapping(DecoderGraph.LABELS)
                .minimize(DecoderGraph.LOSS);
        if (config.weightDecay() > 0) {
            builder.regularization(new WeightDecay(config.weightDecay(), true));
        }
        return builder.build();
    }

    /** The state this session started from (step 0 for a fresh run). */
    TrainingState restored() {
        return restored;
    }

    long parameterCount() {
        return graph.sameDiff().variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE)
                .mapToLong(v -> v.getArr().length()).sum();
    }

    /**
     * Steps until the run's last step, appending each step to {@code curve} before telling
     * {@code listener}; checkpoints every {@code checkpointInterval} steps and after the last.
     */
    void run(TrainingCurve curve, TrainingListener listener) throws IOException {
        graph.prepareGradients();
        SameDiff sd = graph.sameDiff();
        LossRecorder recorder = new LossRecorder();
        SublayerDropout dropout = new SublayerDropout(config.sublayerDropout(), config.sublayerDropoutStart(),
                config.sublayerDropoutEdgeLayers(), config.seed(), 2 * config.layers());
        long sessionStart = System.nanoTime();
        for (int step = state.step() + 1; step <= state.totalSteps(); step++) {
            long t0 = System.nanoTime();
            DocumentStream.Next next = stream.next(state.position());
            recorder.reset();
            sd.fit(next.batch().dataSet(dropout.gates(step)), recorder);
            double loss = recorder.loss();
            double lr = sd.getTrainingConfig().getUpdater().getLearningRate(step - 1, 0);
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("step " + step + ": loss is " + loss + " at learning rate " + lr
                        + "; lower learningRate or lengthen warmupSteps");
            }
            long t1 = System.nanoTime();
            int tokens = next.batch().realTokens();
            double elapsed = restored.elapsedSeconds() + (t1 - sessionStart) / 1e9;
            state = new TrainingState(config, step, state.totalSteps(), next.position(), state.tokens() + tokens,
                    elapsed, loss);
            TrainingStep done = new TrainingStep(step, state.tokens(), loss, lr, tokens / ((t1 - t0) / 1e9), elapsed);
            curve.append(done);
            if (step % config.checkpointInterval() == 0 || step == state.totalSteps()) {
                Path saved = store.save(state, sd);
                listener.checkpointed(step, saved);
            }
            listener.stepDone(done);
        }
    }

    /** Training wall time over all sessions, as of the last completed step. */
    double elapsedSeconds() {
        return state.elapsedSeconds();
    }

    /** A copy of the current weights. */
    ModelWeights weights() {
        return graph.weights();
    }

    /** The checkpoint must come from this very run: same configuration, same plan. */
    private static void checkResumable(TrainingState state, TrainingConfig config, int totalSteps, CheckpointStore store) {
        if (!state.config().equals(config)) {
            throw new IllegalStateException(store.dir() + ": the checkpoint at step " + state.step()
                    + " was written under a different training config (" + firstDifference(state.config(), config)
                    + "); delete the directory to start over");
        }
        if (state.totalSteps() != totalSteps) {
            throw new IllegalStateException(store.dir() + ": the checkpoint plans " + state.totalSteps()
                    + " steps but this corpus gives " + totalSteps + "; delete the directory to start over");
        }
    }

    private static String firstDifference(TrainingConfig saved, TrainingConfig now) {
        for (var component : TrainingConfig.class.getRecordComponents()) {
            try {
                Object a = component.getAccessor().invoke(saved);
                Object b = component.getAccessor().invoke(now);
                if (!a.equals(b)) {
                    return "field " + component.getName() + ": " + a + " then, " + b + " now";
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return "no field differs";
    }
}
