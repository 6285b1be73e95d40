package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

class CheckpointStoreTest {

    private static final ModelConfig MODEL = new ModelConfig(ModelConfig.LLAMA, 8, 1, 2, 1, 8, 12, 16, 10_000, 1e-5,
            false, false);

    private static TrainingState state(int step) {
        return new TrainingState(TrainingConfig.defaults(), step, 100, new DataPosition(1, step), 10L * step, 1.5 * step, 0.25);
    }

    private static SameDiff graph(long seed) {
        return DecoderGraph.create(InitialWeights.random(MODEL, seed), MODEL.maxSeqLen()).sameDiff();
    }

    @Test
    void theNewestCompleteCheckpointIsRestoredExactly(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("checkpoint"));
        assertTrue(store.latest().isEmpty());
        store.save(state(10), graph(1));
        Path twenty = store.save(state(20), graph(2));
        assertEquals(dir.resolve("checkpoint/step-000020"), twenty);
        assertFalse(Files.exists(dir.resolve("checkpoint/step-000010")), "older checkpoints are removed");

        // a checkpoint being written when the process died is ignored
        Files.createDirectories(dir.resolve("checkpoint/step-000030.partial"));
        CheckpointStore.Checkpoint restored = store.latest().orElseThrow();
        assertEquals(state(20), restored.state());
        assertEquals(graph(2).getArrForVarName(WeightName.wq(0)), restored.graph().getArrForVarName(WeightName.wq(0)));

        store.clear();
        assertFalse(Files.exists(dir.resolve("checkpoint")));
    }
}
