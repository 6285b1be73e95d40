package dev.litestage.cli;

import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.cli.experiment.Experiment;
import dev.litestage.cli.experiment.ExperimentLoader;
import dev.litestage.cli.run.LoadedExperiment;
import dev.litestage.cli.run.Progress;
import dev.litestage.cli.run.StageSensitivity;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.search.importance.ImportanceCsv;
import dev.litestage.search.importance.SublayerImportance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The stage-dependent sensitivity table of an experiment's model. */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Accuracy and tokens per stage when the k most skippable sublayers are skipped in one stage only.")
final class SensitivityCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "experiment file (YAML)")
    Path experimentFile;

    @Option(names = "--kmax", defaultValue = "8", description = "largest k (default ${DEFAULT-VALUE})")
    int kmax;

    @Option(names = "--questions", defaultValue = "0", description = "evaluation questions to use (0 = the experiment's sample)")
    int questions;

    @Option(names = "--workers", defaultValue = "0",
            description = "questions answered in parallel, each on its own model replica (0 = the experiment's search.workers)")
    int workers;

    @Override
    public Integer call() throws Exception {
        Experiment exp = ExperimentLoader.load(experimentFile);
        LoadedExperiment loaded = LoadedExperiment.load(exp);
        Progress progress = Progress.console();
        Path importanceCsv = exp.workDir().resolve("importance.csv");
        SublayerImportance importance;
        if (Files.isRegularFile(importanceCsv)) {
            importance = ImportanceCsv.read(importanceCsv);
        } else {
            List<Question> dev = loaded.selection().questions();
            List<Question> calibration = dev.subList(0, Math.min(exp.measurement().calibrationQuestions(), dev.size()));
            importance = SublayerImportance.measure(loaded.model(), new Evaluator(loaded.pipeline())
                    .evaluate(calibration, ReasoningProfile.full(exp.stages(), loaded.model().config().layers())).results());
            Files.createDirectories(exp.workDir());
            ImportanceCsv.write(importance, importanceCsv);
        }
        List<Question> test = loaded.evaluation().questions();
        if (questions > 0 && questions < test.size()) {
            test = test.subList(0, questions);
        }
        List<StageSensitivity.Row> rows = StageSensitivity.measure(loaded.pipeline(), importance, test, kmax,
                workers > 0 ? workers : exp.measurement().workers(), progress);
        Path md = exp.outputDir().resolve("sensitivity.md");
        StageSensitivity.write(rows, exp.stages(), test.size(), exp.outputDir().resolve("sensitivity.csv"), md);
        System.out.println(Files.readString(md));
        return 0;
    }
}
