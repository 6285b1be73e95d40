package dev.litestage.cli;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentLoader;
import dev.litestage.experiment.run.ExperimentRunner;
import dev.litestage.experiment.run.LoadedExperiment;
import dev.litestage.experiment.run.RunResult;
import dev.litestage.tracking.TrackingUri;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The main job: importance, search, final measurement, export, tracking and report. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs an experiment: importance, search, final test measurement, profile export, MLflow logging"
                + " and report. Re-running resumes from the experiment's trial journal.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "experiment file (YAML)")
    Path experimentFile;

    @Option(names = "--tracking-uri", description = "MLflow tracking server (http/https); the experiment's tracking.uri wins,"
            + " MLFLOW_TRACKING_URI is used when neither is set; default: the local store ./mlruns")
    String trackingUri;

    @Option(names = "--master", paramLabel = "URL", description = "evaluate the search's trials on Apache Spark at this"
            + " master (local[2], local-cluster[2,1,2048], spark://host:7077, yarn): execution.engine spark, this master;"
            + " needs ./litestage --with-spark and search.latency.mode cost-model")
    String master;

    @Override
    public Integer call() throws Exception {
        Experiment exp = ExperimentLoader.load(experimentFile);
        if (master != null) {
            if (master.isBlank()) {
                throw new IllegalArgumentException("--master must name a Spark master, e.g. local[2]");
            }
            if (!exp.measurement().costModel()) {
                throw new IllegalArgumentException("--master: trials on Spark need search.latency.mode: cost-model in "
                        + exp.file() + " (wall-clock latencies from different machines are not comparable)");
            }
            exp = exp.withExecution(new Experiment.ExecutionPlan("spark", master, exp.execution().shardQuestions()));
        }
        TrackingUri uri = TrackingUri.resolve(exp.tracking().uri(), trackingUri, System.getenv(), exp.tracking().store());
        RunResult result = ExperimentRunner.of(LoadedExperiment.load(exp), uri, ConsoleProgress.console()).run();
        SummaryTable.print(System.out, result);
        return 0;
    }
}
