package dev.litestage.cli;

import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.StageSensitivity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The stage-dependent sensitivity table of an experiment's model. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Accuracy and tokens per stage when the k most skippable sublayers are skipped in one stage only.")
final class SensitivityCommand implements Callable<Integer> {

    @Mixin
    ExperimentArgument experiment;

    @Option(names = "--kmax", defaultValue = "8", description = "largest k (default ${DEFAULT-VALUE})")
    int kmax;

    @Option(names = "--questions", defaultValue = "0", description = "evaluation questions to use (0 = the experiment's sample)")
    int questions;

    @Option(names = "--workers", defaultValue = "0",
            description = "questions answered in parallel, each on its own model replica (0 = the experiment's search.workers)")
    int workers;

    @Override
    public Integer call() throws Exception {
        if (kmax < 0 || questions < 0 || workers < 0) {
            throw new IllegalArgumentException("--kmax, --questions and --workers must be >= 0, were " + kmax + ", "
                    + questions + " and " + workers);
        }
        LoadedExperiment loaded = LoadedExperiment.load(experiment.load());
        Path markdown = StageSensitivity.run(loaded, kmax, questions, workers, ConsoleProgress.console());
        System.out.println(Files.readString(markdown));
        return 0;
    }
}
