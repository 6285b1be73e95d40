package dev.litestage.cli;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentLoader;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The experiment file argument, shared by the commands that work on an experiment. */
final class ExperimentArgument {

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "experiment file (YAML)")
    Path file;

    /** Loads and validates the experiment. */
    Experiment load() {
        return ExperimentLoader.load(file);
    }
}
