package dev.litestage.experiment.execution;

import dev.litestage.experiment.config.Experiment;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The engines on the class path, by {@code execution.engine}. */
public final class TrialExecutors {

    private TrialExecutors() {
    }

    /**
     * Starts the engine {@code experiment.execution()} names.
     *
     * @throws IllegalStateException naming the experiment file and how to add the engine when no
     *                               module on the class path serves it
     */
    public static TrialExecutor start(Experiment experiment, WorkerInputs inputs) {
        String engine = experiment.execution().engine();
        List<String> found = new ArrayList<>();
        for (TrialExecutorFactory factory : ServiceLoader.load(TrialExecutorFactory.class)) {
            if (factory.engine().equals(engine)) {
                return factory.start(experiment, inputs);
            }
            found.add(factory.engine());
        }
        throw new IllegalStateException(experiment.file() + ": execution.engine " + engine + " is not on the class path"
                + (found.isEmpty() ? "" : " (found: " + String.join(", ", found) + ")")
                + "; run with ./litestage --with-spark (builds modules/spark with -Pspark and adds its jars)");
    }
}
