package dev.litestage.model.engine;

import dev.litestage.model.ModelConfig;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's BLAS (its matrix products) may use, process-wide. ND4J's own loops stay
 * on {@code OMP_NUM_THREADS}, which the launcher sets to 1: on 2 cores, 2 OpenMP threads made
 * every small op slower. Matrix products are different: a SmolLM2-135M-sized model decodes 5-10 %
 * faster at batch 1 and 20-25 % faster at batch 32 with 2 BLAS threads, because its products are
 * large enough to split; the 64-wide reference model answers 20 % fewer questions per second with
 * 2, because waking a second thread costs more than its small products. {@link #auto} chooses by
 * width.
 */
public final class BlasThreads {

    /** Widths from which matrix products are worth splitting across threads. */
    static final int PARALLEL_FROM_HIDDEN_SIZE = 256;

    private BlasThreads() {
    }

    /** The threads for {@code config}: all {@code cores} for wide models, 1 for narrow ones. */
    public static int auto(ModelConfig config, int cores) {
        return config.hiddenSize() >= PARALLEL_FROM_HIDDEN_SIZE ? Math.max(1, cores) : 1;
    }

    /**
     * Reads a setting: {@code auto} (or blank) gives {@link #auto}, a number at least 1 is taken as is.
     *
     * @throws IllegalArgumentException naming {@code source} when the value is neither
     */
    public static int parse(String value, ModelConfig config, int cores, String source) {
        if (value == null || value.isBlank() || value.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return auto(config, cores);
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + ": expected auto or a whole number >= 1, was '" + value + "'");
    }

    /** Sets the BLAS thread count for the whole process. */
    public static void apply(int threads) {
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The BLAS thread count now in effect. */
    public static int current() {
        return Nd4j.factory().blas().getMaxThreads();
    }
}
