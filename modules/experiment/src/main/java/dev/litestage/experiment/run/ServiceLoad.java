package dev.litestage.experiment.run;

import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.config.ExperimentData;
import dev.litestage.reasoning.Question;
import dev.litestage.runtime.BatchingOptions;
import dev.litestage.runtime.ProfileDocument;
import dev.litestage.runtime.ProfileService;
import dev.litestage.runtime.RuntimeDecoder;
import dev.litestage.runtime.ServiceOptions;
import dev.litestage.runtime.load.LoadTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A load test of the runtime service with an experiment's questions: against a service already
 * running at a URL, or against one started here on loopback with the experiment's model and a
 * profile (by default the one the experiment exported).
 */
public final class ServiceLoad {

    private ServiceLoad() {
    }

    /**
     * What to test.
     *
     * @param profile the profile to serve (null: the experiment's exported profile); ignored with {@code url}
     * @param url     a running service to test (null: start one here)
     * @param plan    clients, requests, serial baseline and stall phase
     * @param workers decoding threads of a service started here (null: 1)
     */
    public record Request(Path profile, URI url, LoadTest.Plan plan, Integer workers) {
        public Request {
            if (workers != null && workers < 1) {
                throw new IllegalArgumentException("--workers must be >= 1, was " + workers);
            }
        }
    }

    /** The report, and where the service ran. */
    public record Tested(URI service, Path profile, LoadTest.Report report) {
    }

    /**
     * Runs the load test with the first questions of the experiment's evaluation split.
     *
     * @param accessLog where a service started here writes its access log
     * @throws IllegalArgumentException when the default profile has not been exported yet, or the
     *                                  split has fewer questions than the serial phase needs
     */
    public static Tested run(Experiment exp, Request request, Consumer<String> accessLog, RunListener listener)
            throws InterruptedException {
        // the questions only: a service tested at its URL needs no model here
        List<Question> questions = ExperimentData.questions(ExperimentData.evaluation(exp.data()));
        List<LoadTest.Asked> asked = questions.stream()
                .map(q -> new LoadTest.Asked(q.stem(), q.options().stream().map(Question.Option::text).toList()))
                .toList();
        if (asked.size() < request.plan().serial()) {
            throw new IllegalArgumentException("--serial " + request.plan().serial() + " needs that many questions; the "
                    + exp.data().evalSplit().id() + " split has " + asked.size());
        }
        if (request.url() != null) {
            listener.say("load test of " + request.url());
            return new Tested(request.url(), null, LoadTest.of(request.url()).run(request.plan(), asked));
        }
        Path profile = request.profile() != null ? request.profile() : new RunLayout(exp.workDir(), exp.outputDir()).profile();
        if (!Files.isRegularFile(profile)) {
            throw new IllegalArgumentException("no profile at " + profile + ": run the experiment first or pass --profile");
        }
        BatchingOptions batching = BatchingOptions.defaults()
                .withWorkers(request.workers() != null ? request.workers() : 1);
        ProfileDocument document = ProfileDocument.read(profile);
        LoadedExperiment loaded = LoadedExperiment.load(exp);
        try (RuntimeDecoder decoder = RuntimeDecoder.open(loaded.model(), document,
                dev.litestage.reasoning.MultiStagePipeline.standardStages(), false, batching);
             ProfileService service = new ProfileService(decoder, ServiceOptions.defaults(), accessLog)) {
            URI url = URI.create("http://127.0.0.1:" + service.start(0).getPort());
            listener.say("load test of " + profile + " served at " + url + " (" + batching.workers()
                    + " decoding threads, up to " + batching.maxBatch() + " requests per step)");
            LoadTest.Report report = LoadTest.of(url).run(request.plan(), asked);
            StringBuilder steps = new StringBuilder("requests per decoding step (mean):");
            decoder.stepSizes().forEach((stage, h) -> steps.append(String.format(java.util.Locale.ROOT, " %s %.1f",
                    stage, h.sum() / Math.max(1, h.count()))));
            listener.say(steps.toString());
            return new Tested(url, profile, report);
        }
    }
}
