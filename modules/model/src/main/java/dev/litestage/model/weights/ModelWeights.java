package dev.litestage.model.weights;

import dev.litestage.model.ModelConfig;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * All weights of a decoder, fp32, in the layout of {@link LayerWeights}.
 *
 * @param config     the shape these weights fill
 * @param embedding  token embedding {@code [vocab, hidden]}
 * @param layers     one entry per block
 * @param finalNorm  RMSNorm weight before the output head {@code [hidden]}
 * @param lmHead     output head {@code [hidden, vocab]}; for tied embeddings, the embedding's transpose
 */
public record ModelWeights(
        ModelConfig config,
        INDArray embedding,
        List<LayerWeights> layers,
        INDArray finalNorm,
        INDArray lmHead) {

    public ModelWeights {
        layers = List.copyOf(layers);
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException("config has " + config.layers() + " layers but "
                    + layers.size() + " were given");
        }
    }
}
