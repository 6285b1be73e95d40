package dev.litestage.experiment.run;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.SearchOutcome;
import dev.litestage.tracking.SearchTracker;
import java.nio.file.Path;
import java.time.Instant;

/** Writes the chosen profile, with the evaluation that justified it and where it came from. */
final class ExportStep {

    /** The tool and version written into profiles and MLflow tags. */
    static final String CREATED_BY = "litestage " + Versions.LITESTAGE;

    private ExportStep() {
    }

    static Path run(LoadedExperiment loaded, SearchOutcome outcome, FinalEvaluation fin, SearchTracker tracker,
                    RunLayout layout) {
        Experiment exp = loaded.experiment();
        String split = exp.data().evalSplit().id();
        ProfileDocument.SpeedupMeasurement measured = new ProfileDocument.SpeedupMeasurement(fin.speedup().method(),
                split, fin.speedup().questions(), fin.speedup().low(), fin.speedup().high(), fin.speedup().confidence());
        ProfileDocument.Throughput throughput = new ProfileDocument.Throughput(fin.throughput().batch(),
                fin.throughput().speedup(), fin.throughput().fullQuestionsPerSecond(),
                fin.throughput().profileQuestionsPerSecond());
        ProfileDocument doc = ProfileDocument.of(loaded.model(), exp.stages(), outcome.chosenProfile(),
                loaded.pipeline().parser(),
                new ProfileDocument.Results(fin.fullModel().accuracy(), fin.chosen().accuracy(), fin.speedup().speedup(),
                        exp.data().benchmark(), split, fin.fullModel().questions(), Instant.now(), measured, throughput),
                new ProfileDocument.Provenance(exp.name(), outcome.strategy().token(), tracker.parentRunId().orElse(null),
                        tracker.trackingUriDescription(), GitCommit.of(exp.file()).orElse(null), CREATED_BY,
                        exp.settings()));
        Path file = layout.profile();
        doc.write(file);
        return file;
    }
}
