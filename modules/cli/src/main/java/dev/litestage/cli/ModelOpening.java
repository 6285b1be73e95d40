package dev.litestage.cli;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelLoader;
import dev.litestage.model.engine.BlasThreads;
import java.nio.file.Path;

/**
 * Opens a model for a command and sets the process's BLAS threads for it:
 * {@code LITESTAGE_BLAS_THREADS} when set (a number, or {@code auto}), else {@link BlasThreads#auto}.
 */
public final class ModelOpening {

    /** The environment variable that overrides the BLAS thread count. */
    public static final String BLAS_THREADS = "LITESTAGE_BLAS_THREADS";

    private ModelOpening() {
    }

    /** Loads {@code model} ({@code tokenizer} may be null) and tunes BLAS threads for it. */
    public static LanguageModel open(Path model, Path tokenizer) {
        return tuned(ModelLoader.load(model, tokenizer), 1);
    }

    /**
     * Sets BLAS threads for {@code model} answering on {@code workers} threads at once (each
     * worker's products get a share of the cores).
     */
    public static LanguageModel tuned(LanguageModel model, int workers) {
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = BlasThreads.parse(System.getenv(BLAS_THREADS), model.config(), cores, BLAS_THREADS);
        BlasThreads.apply(Math.max(1, threads / Math.max(1, workers)));
        return model;
    }
}
