package dev.litestage.experiment.run;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.load.ModelLoader;
import dev.litestage.model.engine.BlasThreads;
import java.nio.file.Path;

/**
 * Opens a model and sets the process's BLAS threads for it: {@code LITESTAGE_BLAS_THREADS} when
 * set, else the setting given ({@code auto}: {@link BlasThreads#auto}), shared among the workers
 * that answer at once.
 */
public final class ModelOpening {

    /** The environment variable that overrides the BLAS thread count. */
    public static final String BLAS_THREADS = "LITESTAGE_BLAS_THREADS";

    private ModelOpening() {
    }

    /** Loads {@code model} ({@code tokenizer} may be null) and tunes BLAS threads for it (auto). */
    public static LanguageModel open(Path model, Path tokenizer) {
        return tune(ModelLoader.load(model, tokenizer), "auto", 1);
    }

    /**
     * Sets BLAS threads for {@code model} answering on {@code workers} threads at once (each
     * worker's products get a share of the cores); {@code setting} is {@code auto} or a number.
     */
    public static LanguageModel tune(LanguageModel model, String setting, int workers) {
        int cores = Runtime.getRuntime().availableProcessors();
        String env = System.getenv(BLAS_THREADS);
        int threads = env != null && !env.isBlank()
                ? BlasThreads.parse(env, model.config(), cores, BLAS_THREADS)
                : BlasThreads.parse(setting, model.config(), cores, "engine.blas_threads");
        BlasThreads.apply(Math.max(1, threads / Math.max(1, workers)));
        return model;
    }
}
