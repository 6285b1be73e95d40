package dev.litestage.training;

import dev.litestage.model.ModelConfig;
import dev.litestage.model.weights.LayerWeights;
import dev.litestage.model.weights.ModelWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The names of the training graph's variables, one per {@link ModelWeights} tensor, so that the
 * graph, its checkpoints and the exported weights agree on where each tensor lives.
 */
final class WeightName {

    static final String EMBEDDING = "embedding";
    static final String FINAL_NORM = "finalNorm";
    static final String LM_HEAD = "lmHead";

    private WeightName() {
    }

    static String attnNorm(int layer) {
        return "layer" + layer + ".attnNorm";
    }

    static String wq(int layer) {
        return "layer" + layer + ".wq";
    }

    static String wk(int layer) {
        return "layer" + layer + ".wk";
    }

    static String wv(int layer) {
        return "layer" + layer + ".wv";
    }

    static String wo(int layer) {
        return "layer" + layer + ".wo";
    }

    static String mlpNorm(int layer) {
        return "layer" + layer + ".mlpNorm";
    }

    static String wGate(int layer) {
        return "layer" + layer + ".wGate";
    }

    static String wUp(int layer) {
        return "layer" + layer + ".wUp";
    }

    static String wDown(int layer) {
        return "layer" + layer + ".wDown";
    }

    /** Assembles {@link ModelWeights} by looking every tensor up by its name. */
    static ModelWeights read(ModelConfig config, Function<String, INDArray> lookup) {
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new LayerWeights(lookup.apply(attnNorm(i)), lookup.apply(wq(i)), lookup.apply(wk(i)),
                    lookup.apply(wv(i)), lookup.apply(wo(i)), null, null, null, lookup.apply(mlpNorm(i)),
                    lookup.apply(wGate(i)), lookup.apply(wUp(i)), lookup.apply(wDown(i))));
        }
        return new ModelWeights(config, lookup.apply(EMBEDDING), layers, lookup.apply(FINAL_NORM),
                lookup.apply(LM_HEAD));
    }
}
