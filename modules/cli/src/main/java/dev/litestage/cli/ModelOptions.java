package dev.litestage.cli;

import dev.litestage.experiment.run.ModelOpening;
import dev.litestage.model.LanguageModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model} and {@code --tokenizer}, shared by the commands that open a model directly. */
final class ModelOptions {

    @Option(names = "--model", required = true, description = "HF model directory or llama2.c .bin checkpoint")
    Path model;

    @Option(names = "--tokenizer", description = "tokenizer file (default: the one beside the model)")
    Path tokenizer;

    /** Opens the model, BLAS threads tuned for it. */
    LanguageModel open() {
        return ModelOpening.open(model, tokenizer);
    }
}
