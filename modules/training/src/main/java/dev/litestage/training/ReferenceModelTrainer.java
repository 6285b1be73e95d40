package dev.litestage.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.hf.HfCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains the project's reference model: a Llama decoder learned from scratch, in SameDiff, on
 * the reference benchmark's training documents.
 *
 * <p>{@code outputDir} receives {@code config.json} and {@code model.safetensors} (the Hugging
 * Face layout, via {@link HfCheckpoint#write}), {@code tokenizer.json}, {@code training-curve.csv}
 * (one row per step, flushed as it happens) and {@code training.json} (config, command, time, final
 * loss, and the {@link ModelQualityCheck} of the held-out questions). While training,
 * {@code outputDir/checkpoint/} holds the newest checkpoint; calling {@code train} again with the
 * same configuration after a kill resumes from it and reproduces the uninterrupted run exactly.
 * The checkpoint is removed once everything else is written.
 *
 * <p>A run is deterministic for a configuration: seeded initialization, seeded data order, and
 * ND4J on one thread ({@code OMP_NUM_THREADS=1}).
 */
public final class ReferenceModelTrainer {

    public static final String CURVE = "training-curve.csv";
    public static final String SUMMARY = "training.json";
    public static final String CHECKPOINTS = "checkpoint";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReferenceModelTrainer() {
    }

    /**
     * Generates the reference benchmark {@code config} describes and trains on its training texts,
     * checking the result on its dev questions.
     *
     * @throws IOException when an output cannot be written or a checkpoint cannot be read
     */
    public static TrainingResult train(TrainingConfig config, Path outputDir, TrainingListener listener)
            throws IOException {
        return train(config, ReferenceCorpus.of(config).corpus(), outputDir, listener, defaultCommand());
    }

    /**
     * Trains on {@code corpus}, recording {@code command} (how the run was started) in
     * {@code training.json}.
     *
     * @throws IOException when an output cannot be written or a checkpoint cannot be read
     */
    public static TrainingResult train(TrainingConfig config, TrainingCorpus corpus, Path outputDir,
                                       TrainingListener listener, String command) throws IOException {
        WordLevelTokenizer tokenizer = corpus.tokenizer();
        ModelConfig model = config.modelConfig(tokenizer.vocabSize());
        List<int[]> documents = corpus.documents().stream().map(tokenizer::encodeDocument).toList();
        DocumentStream stream = new DocumentStream(documents, config.seed(), model, config.batchSize(), tokenizer.padId());
        int totalSteps = config.steps() > 0 ? config.steps() : stream.stepsFor(config.epochs());
        if (config.warmupSteps() >= totalSteps) {
            throw new IllegalArgumentException("training config field warmupSteps = " + config.warmupSteps()
                    + ": must be less than the " + totalSteps + " steps that epochs = " + config.epochs() + " take");
        }
        tokenizer.writeJson(outputDir.resolve(HfCheckpoint.TOKENIZER));
        CheckpointStore store = new CheckpointStore(outputDir.resolve(CHECKPOINTS));
        TrainingSession session = TrainingSession.open(config, model, stream, totalSteps, store);
        int startStep = session.restored().step();
        listener.started(new TrainingPlan(model, session.parameterCount(), documents.size(), totalSteps, startStep,
                session.restored().elapsedSeconds()));

        Path curvePath = outputDir.resolve(CURVE);
        try (TrainingCurve curve = TrainingCurve.open(curvePath, startStep)) {
            session.run(curve, listener);
        }
        HfCheckpoint.write(session.weights(), tokenizer.bosId(), tokenizer.eosId(), outputDir);

        List<TrainingStep> steps = TrainingCurve.read(curvePath);
        TrainingStep last = steps.get(steps.size() - 1);
        double finalMean = steps.subList(Math.max(0, steps.size() - TrainingResult.FINAL_WINDOW), steps.size())
                .stream().mapToDouble(TrainingStep::loss).average().orElse(Double.NaN);
        TrainingResult result = new TrainingResult(outputDir, model, session.parameterCount(), totalSteps,
                last.tokens(), last.loss(), finalMean, session.elapsedSeconds(), startStep);
        ModelQualityCheck.Report quality = null;
        if (!corpus.heldOut().isEmpty()) {
            LanguageModel trained = ModelLoader.load(outputDir, null);
            quality = ModelQualityCheck.run(trained, corpus.heldOut(), config.qualityCheckQuestions());
        }
        writeSummary(outputDir.resolve(SUMMARY), config, command, result, documents.size(), quality);
        store.clear();
        listener.finished(result);
        return result;
    }

    private static void writeSummary(Path file, TrainingConfig config, String command, TrainingResult result,
                                     int documents, ModelQualityCheck.Report quality) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("seed", config.seed());
        root.set("config", JSON.valueToTree(config));
        root.set("model", JSON.valueToTree(result.model()));
        root.put("parameters", result.parameters());
        root.put("documents", documents);
        root.put("steps", result.steps());
        root.put("tokens", result.tokens());
        root.put("elapsedSeconds", result.elapsedSeconds());
        root.put("tokensPerSecond", result.tokensPerSecond());
        root.put("finalLoss", result.finalLoss());
        root.put("finalLossMean", result.finalLossMean());
        root.put("finalLossWindow", TrainingResult.FINAL_WINDOW);
        root.put("resumedFromStep", result.resumedFromStep());
        if (quality != null) {
            root.set("quality", JSON.valueToTree(quality));
        }
        AtomicFiles.write(file, (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Trains the reference model with {@link TrainingConfig#defaults()} into the directory given as
     * the only argument, with a progress bar, and prints the result. Run with
     * {@code OMP_NUM_THREADS=1} and {@code -XX:+UseSerialGC}.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReferenceModelTrainer OUTPUT_DIR");
            System.exit(2);
        }
        try (ProgressBarListener progress = new ProgressBarListener()) {
            TrainingResult result = train(TrainingConfig.defaults(), Path.of(args[0]), progress);
            System.out.printf(java.util.Locale.ROOT, "trained %,d parameters for %d steps (%,d tokens) in %.0f s:"
                            + " final loss %.4f (mean of last %d steps %.4f); see %s%n", result.parameters(),
                    result.steps(), result.tokens(), result.elapsedSeconds(), result.finalLoss(),
                    TrainingResult.FINAL_WINDOW, result.finalLossMean(), result.outputDir().resolve(SUMMARY));
        }
    }

    private static String defaultCommand() {
        return "java " + System.getProperty("sun.java.command", "(unknown)");
    }
}
