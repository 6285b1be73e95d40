package dev.litestage.cli;

import dev.litestage.experiment.config.TrainingExperiment;
import dev.litestage.benchmark.reference.ReferenceBenchmarkWriter;
import dev.litestage.training.ReferenceCorpus;
import dev.litestage.training.ReferenceModelTrainer;
import dev.litestage.training.TrainingListener;
import dev.litestage.training.TrainingPlan;
import dev.litestage.training.TrainingResult;
import dev.litestage.training.TrainingStep;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Trains the reference model; resumes from its last checkpoint after a kill. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trains the reference model described by a training experiment (resumable, deterministic for a seed).")
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "training experiment file (YAML)")
    Path experimentFile;

    @Option(names = "--data-only", description = "only write the reference benchmark's files, do not train")
    boolean dataOnly;

    @Override
    public Integer call() throws Exception {
        TrainingExperiment exp = TrainingExperiment.load(experimentFile);
        ConsoleProgress progress = ConsoleProgress.console();
        if (exp.data() != null) {
            Path written = ReferenceBenchmarkWriter.write(ReferenceCorpus.of(exp.config()).benchmark(),
                    exp.data().resolve("reference"));
            progress.say("reference benchmark written to " + written);
        }
        if (dataOnly) {
            return 0;
        }
        ProgressBar[] bar = new ProgressBar[1];
        TrainingResult result = ReferenceModelTrainer.train(exp.config(), exp.output(), new TrainingListener() {
            @Override
            public void started(TrainingPlan plan) {
                bar[0] = progress.bar("train", plan.totalSteps(), "steps");
                bar[0].stepTo(plan.startStep());
            }

            @Override
            public void stepDone(TrainingStep step) {
                bar[0].stepTo(step.step());
                bar[0].setExtraMessage(String.format(Locale.ROOT, " loss %.3f, %.0f tok/s", step.loss(), step.tokensPerSecond()));
            }

            @Override
            public void finished(TrainingResult r) {
                bar[0].close();
            }
        });
        System.out.printf(Locale.ROOT, "trained %s: %,d parameters, %d steps, %,d tokens, final loss %.4f (mean of last %d: %.4f),"
                        + " %.1f min%s%n", result.outputDir(), result.parameters(), result.steps(), result.tokens(), result.finalLoss(),
                TrainingResult.FINAL_WINDOW, result.finalLossMean(), result.elapsedSeconds() / 60,
                result.resumedFromStep() > 0 ? " (resumed from step " + result.resumedFromStep() + ")" : "");
        return 0;
    }
}
