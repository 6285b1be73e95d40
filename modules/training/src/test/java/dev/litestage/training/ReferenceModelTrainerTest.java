package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.hf.HfCheckpoint;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ReferenceModelTrainerTest {

    private static final TrainingCorpus CORPUS = TinyWorld.corpus(48, 1);
    /** The same corpus with four held-out questions to check the finished model on. */
    private static final TrainingCorpus CHECKED = new TrainingCorpus(CORPUS.documents(), List.of(),
            TinyWorld.questions(4, 99));

    /** A tiny decoder that trains in well under a second per ten steps. */
    private static TrainingConfig.Builder tiny() {
        return TrainingConfig.builder().layers(2).hidden(16).heads(4).kvHeads(2).intermediate(32).maxSeqLen(80)
                .batchSize(4).learningRate(1e-2).minLearningRate(1e-3).warmupSteps(5).weightDecay(0.01)
                .checkpointInterval(1000).seed(3);
    }

    private static TrainingResult train(TrainingConfig config, Path dir, TrainingListener listener) throws IOException {
        return ReferenceModelTrainer.train(config, CORPUS, dir, listener, "test");
    }

    /** Records the steps a session took and the step of its plan. */
    private static final class Recorder implements TrainingListener {
        final List<TrainingStep> steps = new ArrayList<>();
        final List<Integer> checkpoints = new ArrayList<>();
        TrainingPlan plan;

        @Override
        public void started(TrainingPlan plan) {
            this.plan = plan;
        }

        @Override
        public void stepDone(TrainingStep step) {
            steps.add(step);
        }

        @Override
        public void checkpointed(int step, Path checkpoint) {
            checkpoints.add(step);
        }
    }

    /** Stands in for a kill: stops the run by throwing right after step {@code at}. */
    private static final class Kill extends RuntimeException {
        Kill(int at) {
            super("killed after step " + at);
        }
    }

    @Test
    void lossFallsAndTheOutputsAreALoadableModel(@TempDir Path dir) throws Exception {
        Recorder recorder = new Recorder();
        TrainingResult result = ReferenceModelTrainer.train(tiny().steps(60).qualityCheckQuestions(2).build(), CHECKED,
                dir, recorder, "test");

        double initial = recorder.steps.get(0).loss();
        double finalMean = recorder.steps.subList(50, 60).stream().mapToDouble(TrainingStep::loss).average().orElseThrow();
        assertTrue(finalMean < 0.7 * initial, "loss " + initial + " -> " + finalMean);
        assertEquals(60, result.steps());
        assertEquals(recorder.steps.get(59).loss(), result.finalLoss());

        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json", "training.json", "training-curve.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertFalse(Files.exists(dir.resolve(ReferenceModelTrainer.CHECKPOINTS)), "checkpoint removed at the end");
        List<TrainingStep> curve = TrainingCurve.read(dir.resolve(ReferenceModelTrainer.CURVE));
        assertEquals(losses(recorder), curve.stream().map(TrainingStep::loss).toList(), "the curve keeps exact losses");
        assertEquals(recorder.steps.get(59).tokens(), curve.get(59).tokens());

        JsonNode summary = new ObjectMapper().readTree(dir.resolve("training.json").toFile());
        assertEquals("test", summary.get("command").asText());
        assertEquals(3, summary.get("seed").asLong());
        assertEquals(60, summary.get("config").get("steps").asInt());
        assertEquals(result.finalLoss(), summary.get("finalLoss").asDouble());
        assertTrue(summary.get("elapsedSeconds").asDouble() > 0);
        JsonNode quality = summary.get("quality");
        assertEquals(4, quality.get("documents").asInt());
        assertEquals(2, quality.get("questions").asInt());
        assertTrue(quality.get("teacherForcedAccuracy").asDouble() > 0.3, quality.toString());

        LanguageModel model = ModelLoader.load(dir, null);
        assertEquals(2, model.config().layers());
        assertEquals(CORPUS.tokenizer().vocabSize(), model.config().vocabSize());
        String doc = CORPUS.documents().get(CORPUS.documents().size() - 1);
        assertEquals(doc, model.tokenizer().decode(model.tokenizer().encode(doc, true)));
    }

    @Test
    void theSameSeedGivesTheSameRun(@TempDir Path dir) throws Exception {
        TrainingConfig config = tiny().steps(8).warmupSteps(2).build();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        train(config, dir.resolve("a"), a);
        train(config, dir.resolve("b"), b);
        assertEquals(losses(a), losses(b));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/model.safetensors")),
                Files.readAllBytes(dir.resolve("b/model.safetensors")));

        Recorder c = new Recorder();
        train(config.toBuilder().seed(4).build(), dir.resolve("c"), c);
        assertFalse(losses(a).equals(losses(c)), "another seed gives another run");
    }

    @Test
    void aKilledRunResumesFromItsCheckpointAndEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws Exception {
        TrainingConfig config = tiny().steps(20).checkpointInterval(5).build();
        Recorder whole = new Recorder();
        train(config, dir.resolve("whole"), whole);

        Path resumed = dir.resolve("resumed");
        Recorder first = new Recorder();
        assertThrows(Kill.class, () -> train(config, resumed, TrainingListener.all(first, new TrainingListener() {
            @Override
            public void stepDone(TrainingStep step) {
                if (step.step() == 12) {
                    throw new Kill(12);
                }
            }
        })));
        assertEquals(List.of(5, 10), first.checkpoints);
        assertTrue(Files.isDirectory(resumed.resolve("checkpoint/step-000010")));

        Recorder second = new Recorder();
        train(config, resumed, second);
        assertEquals(10, second.plan.startStep(), "resumed from the step-10 checkpoint");
        assertEquals(IntStream.rangeClosed(11, 20).boxed().toList(), second.steps.stream().map(TrainingStep::step).toList(),
                "steps up to the checkpoint are not repeated");
        assertEquals(losses(whole).subList(10, 20), losses(second));
        assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(),
                TrainingCurve.read(resumed.resolve("training-curve.csv")).stream().map(TrainingStep::step).toList(),
                "every step appears once in the curve");

        ModelWeights expected = HfCheckpoint.load(dir.resolve("whole")).weights();
        ModelWeights actual = HfCheckpoint.load(resumed).weights();
        assertClose(expected.embedding(), actual.embedding());
        assertClose(expected.lmHead(), actual.lmHead());
        assertClose(expected.finalNorm(), actual.finalNorm());
        for (int i = 0; i < expected.layers().size(); i++) {
            LayerWeights e = expected.layers().get(i);
            LayerWeights r = actual.layers().get(i);
            for (int k = 0; k < 9; k++) {
                assertClose(tensor(e, k), tensor(r, k));
            }
        }
    }

    @Test
    void aRunKilledAfterItsLastStepOnlyFinishes(@TempDir Path dir) throws Exception {
        TrainingConfig config = tiny().steps(6).warmupSteps(2).build();
        assertThrows(Kill.class, () -> train(config, dir, new TrainingListener() {
            @Override
            public void checkpointed(int step, Path checkpoint) {
                throw new Kill(step);
            }
        }));
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        Recorder again = new Recorder();
        TrainingResult result = train(config, dir, again);
        assertEquals(6, again.plan.startStep());
        assertTrue(again.steps.isEmpty(), "no step runs twice");
        assertEquals(6, result.steps());
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        assertEquals(6, TrainingCurve.read(dir.resolve("training-curve.csv")).size());
    }

    @Test
    void aCheckpointFromAnotherConfigIsRefused(@TempDir Path dir) throws Exception {
        TrainingConfig config = tiny().steps(8).checkpointInterval(3).build();
        assertThrows(Kill.class, () -> train(config, dir, new TrainingListener() {
            @Override
            public void stepDone(TrainingStep step) {
                if (step.step() == 4) {
                    throw new Kill(4);
                }
            }
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> train(config.toBuilder().learningRate(2e-2).build(), dir, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("field learningRate"), e.getMessage());
    }

    private static INDArray tensor(LayerWeights l, int k) {
        return List.of(l.attnNorm(), l.wq(), l.wk(), l.wv(), l.wo(), l.mlpNorm(), l.wGate(), l.wUp(), l.wDown()).get(k);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-6, "max |difference| " + diff);
    }

    private static List<Double> losses(Recorder r) {
        return r.steps.stream().map(TrainingStep::loss).toList();
    }
}
