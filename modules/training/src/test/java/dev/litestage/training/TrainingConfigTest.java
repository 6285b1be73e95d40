package dev.litestage.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.model.ModelConfig;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    private static void rejects(String field, UnaryOperator<TrainingConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(TrainingConfig.builder()).build());
        assertTrue(e.getMessage().startsWith("training config field " + field + " = "), e.getMessage());
    }

    @Test
    void badFieldsAreNamed() {
        rejects("layers", b -> b.layers(0));
        rejects("hidden", b -> b.hidden(66));
        rejects("hidden", b -> b.hidden(12).heads(4));
        rejects("kvHeads", b -> b.kvHeads(3));
        rejects("steps", b -> b.steps(-1));
        rejects("steps", b -> b.steps(0));
        rejects("batchSize", b -> b.batchSize(0));
        rejects("learningRate", b -> b.learningRate(Double.NaN));
        rejects("minLearningRate", b -> b.minLearningRate(1));
        rejects("warmupSteps", b -> b.steps(10).warmupSteps(10));
        rejects("weightDecay", b -> b.weightDecay(-0.1));
        rejects("checkpointInterval", b -> b.checkpointInterval(0));
        rejects("trainQuestions", b -> b.trainQuestions(0));
        rejects("devQuestions", b -> b.devQuestions(-1));
    }

    @Test
    void stepsAndEpochsAreExclusive() {
        assertEquals(3, TrainingConfig.builder().epochs(3).build().epochs());
        assertEquals(0, TrainingConfig.builder().epochs(3).build().steps());
        assertEquals(0, TrainingConfig.builder().epochs(3).steps(50).warmupSteps(5).build().epochs());
    }

    @Test
    void defaultsDescribeAnEightLayerGqaLlama() {
        ModelConfig model = TrainingConfig.defaults().modelConfig(100);
        assertEquals(ModelConfig.LLAMA, model.architecture());
        assertTrue(model.layers() >= 8);
        assertTrue(model.kvHeads() < model.heads());
        assertEquals(100, model.vocabSize());
        assertEquals(1e-5, model.rmsNormEps());
        assertEquals(10_000, model.ropeTheta());
    }

    @Test
    void roundTripsThroughJsonAsTheCliWillMapIt() throws Exception {
        ObjectMapper json = new ObjectMapper();
        TrainingConfig config = TrainingConfig.builder().hidden(128).seed(42).build();
        assertEquals(config, json.readValue(json.writeValueAsString(config), TrainingConfig.class));
        assertEquals(config, config.toBuilder().build());
    }
}
