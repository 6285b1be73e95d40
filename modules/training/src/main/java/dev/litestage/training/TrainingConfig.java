package dev.litestage.training;

import dev.litestage.model.ModelConfig;

/**
 * Everything that decides a reference-model training run: the decoder's shape, the optimizer and
 * its schedule, checkpointing, and the reference benchmark the model learns. A run is a pure
 * function of this record (single-threaded ND4J, seeded initialization and data order).
 *
 * <p>Exactly one of {@code steps} and {@code epochs} is positive: {@code steps} fixes the number
 * of optimizer steps; {@code epochs} trains until the shuffled document stream has been read that
 * many times (the step count is then derived by packing the stream ahead of time).
 *
 * @param layers             transformer blocks (two skippable sublayers each)
 * @param hidden             residual width
 * @param heads              query heads
 * @param kvHeads            key/value heads (grouped-query attention when fewer than heads)
 * @param intermediate       SwiGLU width
 * @param maxSeqLen          tokens per packed row; also the model's context length
 * @param seed               seeds weight initialization and data order
 * @param steps              optimizer steps, or 0 when {@code epochs} decides
 * @param epochs             passes over the training documents, or 0 when {@code steps} decides
 * @param batchSize          packed rows per optimizer step
 * @param learningRate       peak learning rate, reached after warmup
 * @param minLearningRate    learning rate at the end of the cosine decay
 * @param warmupSteps        linear warmup from 0 to {@code learningRate}
 * @param weightDecay        decoupled (AdamW-style) weight decay, applied after the Adam update
 * @param sublayerDropout    probability that a training step runs without a given sublayer
 *                           (stochastic depth per sublayer, as in LayerSkip); 0 trains the plain model
 * @param sublayerDropoutStart first step that drops sublayers: a curriculum, so that the model first
 *                           learns the facts with every sublayer present, then learns to do without
 *                           some of them (0 or 1: from the first step; after the last step:
 *                           never)
 * @param sublayerDropoutEdgeLayers layers at each end of the stack whose sublayers are never
 *                           dropped: the first and last layers carry what every stage needs (their
 *                           sublayers are the least alike input and output), and a step without
 *                           them teaches little
 * @param checkpointInterval steps between checkpoints
 * @param worldSeed          seed of the reference world (its animals, foods and places)
 * @param animals            animals in the world
 * @param foods              foods in the world
 * @param places             places in the world
 * @param benchmarkSeed      seed of the reference benchmark's questions
 * @param trainQuestions     training questions (whose documents the model learns)
 * @param devQuestions       development questions
 * @param testQuestions      test questions
 * @param qualityCheckQuestions dev questions the finished model answers through the real
 *                           pipeline for {@code training.json} (all dev questions are also scored
 *                           teacher-forced); 0 skips the pipeline part
 */
public record TrainingConfig(
        int layers,
        int hidden,
        int heads,
        int kvHeads,
        int intermediate,
        int maxSeqLen,
        long seed,
        int steps,
        int epochs,
        int batchSize,
        double learningRate,
        double minLearningRate,
        int warmupSteps,
        double weightDecay,
        double sublayerDropout,
        int sublayerDropoutStart,
        int sublayerDropoutEdgeLayers,
        int checkpointInterval,
        long worldSeed,
        int animals,
        int foods,
        int places,
        long benchmarkSeed,
        int trainQuestions,
        int devQuestions,
        int testQuestions,
        int qualityCheckQuestions) {

    /** RoPE base of every reference model. */
    public static final double ROPE_THETA = 10_000;
    /** RMSNorm epsilon of every reference model. */
    public static final double RMS_NORM_EPS = 1e-5;

    /**
     * @throws IllegalArgumentException naming the first invalid field and its value
     */
    public TrainingConfig {
        positive("layers", layers);
        positive("hidden", hidden);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("intermediate", intermediate);
        positive("maxSeqLen", maxSeqLen);
        if (hidden % heads != 0) {
            throw invalid("hidden", hidden, "must be a multiple of heads (" + heads + ")");
        }
        if ((hidden / heads) % 2 != 0) {
            throw invalid("hidden", hidden, "must give an even head dimension for RoPE, but hidden/heads = " + hidden / heads);
        }
        if (heads % kvHeads != 0) {
            throw invalid("kvHeads", kvHeads, "must divide heads (" + heads + ")");
        }
        if (steps < 0) {
            throw invalid("steps", steps, "must not be negative");
        }
        if (epochs < 0) {
            throw invalid("epochs", epochs, "must not be negative");
        }
        if ((steps > 0) == (epochs > 0)) {
            throw invalid("steps", steps, "exactly one of steps and epochs must be positive, epochs was " + epochs);
        }
        positive("batchSize", batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw invalid("learningRate", learningRate, "must be a positive number");
        }
        if (!(minLearningRate >= 0) || minLearningRate > learningRate) {
            throw invalid("minLearningRate", minLearningRate, "must lie in [0, learningRate = " + learningRate + "]");
        }
        if (warmupSteps < 0) {
            throw invalid("warmupSteps", warmupSteps, "must not be negative");
        }
        if (steps > 0 && warmupSteps >= steps) {
            throw invalid("warmupSteps", warmupSteps, "must be less than steps (" + steps + ")");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw invalid("weightDecay", weightDecay, "must be a number >= 0");
        }
        if (!(sublayerDropout >= 0) || !(sublayerDropout < 1)) {
            throw invalid("sublayerDropout", sublayerDropout, "must lie in [0, 1)");
        }
        if (sublayerDropoutStart < 0) {
            throw invalid("sublayerDropoutStart", sublayerDropoutStart, "must not be negative");
        }
        if (sublayerDropoutEdgeLayers < 0 || 2 * sublayerDropoutEdgeLayers > layers) {
            throw invalid("sublayerDropoutEdgeLayers", sublayerDropoutEdgeLayers,
                    "must lie in [0, layers / 2 = " + layers / 2 + "]");
        }
        positive("checkpointInterval", checkpointInterval);
        positive("animals", animals);
        positive("foods", foods);
        positive("places", places);
        positive("trainQuestions", trainQuestions);
        if (devQuestions < 0) {
            throw invalid("devQuestions", devQuestions, "must not be negative");
        }
        if (testQuestions < 0) {
            throw invalid("testQuestions", testQuestions, "must not be negative");
        }
        if (qualityCheckQuestions < 0) {
            throw invalid("qualityCheckQuestions", qualityCheckQuestions, "must not be negative");
        }
    }

    /** The configuration the shipped reference model ({@code models/reference/}) was trained with. */
    public static TrainingConfig defaults() {
        return new Builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The decoder shape this configuration trains, for a tokenizer of {@code vocabSize} tokens. */
    public ModelConfig modelConfig(int vocabSize) {
        return new ModelConfig(ModelConfig.LLAMA, hidden, layers, heads, kvHeads, intermediate, vocabSize,
                maxSeqLen, ROPE_THETA, RMS_NORM_EPS, false, false);
    }

    private static void positive(String field, long value) {
        if (value <= 0) {
            throw invalid(field, value, "must be positive");
        }
    }

    private static IllegalArgumentException invalid(String field, Object value, String why) {
        return new IllegalArgumentException("training config field " + field + " = " + value + ": " + why);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private int layers = 8;
        private int hidden = 64;
        private int heads = 4;
        private int kvHeads = 2;
        private int intermediate = 192;
        private int maxSeqLen = 96;
        private long seed = 1;
        private int steps = 1200;
        private int epochs = 0;
        private int batchSize = 32;
        private double learningRate = 5e-3;
        private double minLearningRate = 5e-4;
        private int warmupSteps = 30;
        private double weightDecay = 0.01;
        private double sublayerDropout = 0.15;
        private int sublayerDropoutStart = 500;
        private int sublayerDropoutEdgeLayers = 1;
        private int checkpointInterval = 100;
        private long worldSeed = 7;
        private int animals = 32;
        private int foods = 10;
        private int places = 6;
        private long benchmarkSeed = 11;
        private int trainQuestions = 4000;
        private int devQuestions = 200;
        private int testQuestions = 300;
        private int qualityCheckQuestions = 50;

        private Builder() {
        }

        private Builder(TrainingConfig c) {
            layers = c.layers;
            hidden = c.hidden;
            heads = c.heads;
            kvHeads = c.kvHeads;
            intermediate = c.intermediate;
            maxSeqLen = c.maxSeqLen;
            seed = c.seed;
            steps = c.steps;
            epochs = c.epochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            minLearningRate = c.minLearningRate;
            warmupSteps = c.warmupSteps;
            weightDecay = c.weightDecay;
            sublayerDropout = c.sublayerDropout;
            sublayerDropoutStart = c.sublayerDropoutStart;
            sublayerDropoutEdgeLayers = c.sublayerDropoutEdgeLayers;
            checkpointInterval = c.checkpointInterval;
            worldSeed = c.worldSeed;
            animals = c.animals;
            foods = c.foods;
            places = c.places;
            benchmarkSeed = c.benchmarkSeed;
            trainQuestions = c.trainQuestions;
            devQuestions = c.devQuestions;
            testQuestions = c.testQuestions;
            qualityCheckQuestions = c.qualityCheckQuestions;
        }

        public Builder layers(int v) { layers = v; return this; }
        public Builder hidden(int v) { hidden = v; return this; }
        public Builder heads(int v) { heads = v; return this; }
        public Builder kvHeads(int v) { kvHeads = v; return this; }
        public Builder intermediate(int v) { intermediate = v; return this; }
        public Builder maxSeqLen(int v) { maxSeqLen = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        /** Sets a step budget and clears {@code epochs}. */
        public Builder steps(int v) { steps = v; epochs = 0; return this; }
        /** Sets an epoch budget and clears {@code steps}. */
        public Builder epochs(int v) { epochs = v; steps = 0; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder minLearningRate(double v) { minLearningRate = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder sublayerDropout(double v) { sublayerDropout = v; return this; }
        public Builder sublayerDropoutStart(int v) { sublayerDropoutStart = v; return this; }
        public Builder sublayerDropoutEdgeLayers(int v) { sublayerDropoutEdgeLayers = v; return this; }
        public Builder checkpointInterval(int v) { checkpointInterval = v; return this; }
        public Builder worldSeed(long v) { worldSeed = v; return this; }
        public Builder animals(int v) { animals = v; return this; }
        public Builder foods(int v) { foods = v; return this; }
        public Builder places(int v) { places = v; return this; }
        public Builder benchmarkSeed(long v) { benchmarkSeed = v; return this; }
        public Builder trainQuestions(int v) { trainQuestions = v; return this; }
        public Builder devQuestions(int v) { devQuestions = v; return this; }
        public Builder testQuestions(int v) { testQuestions = v; return this; }
        public Builder qualityCheckQuestions(int v) { qualityCheckQuestions = v; return this; }

        /** @throws IllegalArgumentException naming the first invalid field */
        public TrainingConfig build() {
            return new TrainingConfig(layers, hidden, heads, kvHeads, intermediate, maxSeqLen, seed, steps, epochs,
                    batchSize, learningRate, minLearningRate, warmupSteps, weightDecay, sublayerDropout,
                    sublayerDropoutStart, sublayerDropoutEdgeLayers,
                    checkpointInterval, worldSeed, animals, foods, places, benchmarkSeed, trainQuestions,
                    devQuestions, testQuestions, qualityCheckQuestions);
        }
    }
}
