package dev.litestage.experiment.run;

import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.experiment.execution.DistributedTrials;
import dev.litestage.experiment.execution.TrialExecutor;
import dev.litestage.experiment.execution.TrialExecutors;
import dev.litestage.experiment.execution.TrialOrigin;
import dev.litestage.experiment.execution.WorkerInputs;
import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.TrialTable;
import dev.litestage.search.WilsonScore;
import dev.litestage.search.cost.CostModel;
import dev.litestage.search.importance.SublayerImportance;
import dev.litestage.search.strategy.SearchRun;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialEvaluator;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import dev.litestage.tracking.SearchTracker;
import dev.litestage.tracking.connect.Trackers;
import dev.litestage.tracking.TrackingUri;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The main job of an experiment, as a sequence of steps with typed results: importance, the
 * cost model, the search and the strategies compared with it, the final measurement on the
 * evaluation split, the early-exit ablation, the exported profile and the report; every trial is
 * journaled and logged to MLflow as it finishes. Every expensive intermediate is kept in the work
 * folder under a key of what it depends on, so re-running the same experiment resumes instead of
 * starting over. A {@link RunListener} hears the phases; nothing here prints.
 */
public final class ExperimentRunner {

    private final LoadedExperiment loaded;
    private final Experiment exp;
    private final TrackingUri trackingUri;
    private final RunListener listener;
    private final RunLayout layout;
    /** Where each trial was measured, when an engine other than this process measured it. */
    private java.util.function.Function<String, Optional<TrialOrigin>> origins = key -> Optional.empty();
    /** What evaluates the search's trials, for the summary. */
    private String trialsOn = "this process";

    private ExperimentRunner(LoadedExperiment loaded, TrackingUri trackingUri, RunListener listener) {
        this.loaded = loaded;
        this.exp = loaded.experiment();
        this.trackingUri = trackingUri;
        this.listener = listener;
        this.layout = new RunLayout(exp.workDir(), exp.outputDir());
    }

    /** A run of {@code loaded}, tracked at {@code trackingUri}, heard by {@code listener}. */
    public static ExperimentRunner of(LoadedExperiment loaded, TrackingUri trackingUri, RunListener listener) {
        return new ExperimentRunner(loaded, trackingUri, listener);
    }

    /** The run's files. */
    public RunLayout layout() {
        return layout;
    }

    public RunResult run() throws IOException {
        long start = System.currentTimeMillis();
        LanguageModel model = loaded.model();
        Files.createDirectories(layout.workDir());
        Files.createDirectories(layout.reportDir());
        String fingerprint = model.fingerprint();
        List<Question> dev = loaded.selection().questions();
        List<Question> test = loaded.evaluation().questions();
        listener.say(String.format(Locale.ROOT, "litestage run %s: model %s (%d layers, %d sublayers), %s: %d %s + %d %s questions",
                exp.name(), exp.model().path().getFileName(), model.config().layers(), model.config().sublayers(),
                exp.data().benchmark(), dev.size(), exp.data().selectSplit().id(), test.size(), exp.data().evalSplit().id()));

        CostModel costModel = exp.measurement().costModel() ? CostModelStep.run(loaded, layout, listener) : null;
        Evaluator batched = new Evaluator(loaded.pipeline()).inBatches(exp.engine().batchQuestions());
        SublayerImportance importance = ImportanceStep.run(loaded, layout, batched, listener);
        String context = trialContext(loaded, fingerprint, dev, costModel);

        try (TrialExecutor executor = exp.execution().distributed()
                ? TrialExecutors.start(exp, TrialMeasurement.inputs(loaded)) : null;
             SearchTracker tracker = Trackers.open(trackingUri, layout.trackingOutbox());
             TrialJournal journal = TrialJournal.open(layout.trialJournal(context))) {
            TrialEvaluator measured;
            if (executor != null) {
                // the same trials as in this process (its journal is shared), measured by the
                // engine's workers and priced by this machine's cost model
                DistributedTrials remote = new DistributedTrials(executor, costModel);
                listener.say("trials: evaluated on " + executor.description() + ", priced by this machine's cost model");
                measured = remote;
                origins = remote::origin;
                trialsOn = executor.description();
            } else {
                measured = SearchStep.measuring(loaded, costModel);
            }
            // Ctrl-C or SIGTERM: the parent run is marked KILLED and what is queued is sent, as
            // MLflow's own clients do; a failure below marks it FAILED
            Thread onSignal = new Thread(tracker::close, "litestage-tracking-shutdown");
            Runtime.getRuntime().addShutdownHook(onSignal);
            try {
                return run(tracker, journal, start, fingerprint, dev, costModel, importance, measured, context, model);
            } catch (RuntimeException | Error e) {
                tracker.finishSearch(false);
                throw e;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(onSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }

    private RunResult run(SearchTracker tracker, TrialJournal journal, long start, String fingerprint, List<Question> dev,
                          CostModel costModel, SublayerImportance importance, TrialEvaluator measured, String context,
                          LanguageModel model) throws IOException {
        {
            journal.discardedTail().ifPresent(t -> listener.say("warning: ignored a torn last journal line: " + t));
            if (!journal.trials().isEmpty()) {
                listener.say("trials: reusing " + journal.trials().size() + " measured in this context ("
                        + layout.trialJournal(context).getFileName() + ")");
            }
            tracker.startSearch(exp.tracking().experimentName(), searchKey(fingerprint),
                    exp.name() + " " + exp.search().strategy().token(), searchParams(fingerprint, context), searchTags());
            Map<String, String> trialParams = new LinkedHashMap<>();
            trialParams.put("model.fingerprint", fingerprint.substring(0, 16));
            trialParams.put("dataset", exp.data().benchmark());
            trialParams.put("split", exp.data().selectSplit().id());
            trialParams.put("latency_source", SearchStep.latencySource(exp));

            long searchStart = System.currentTimeMillis();
            SearchStep.Result search = SearchStep.run(loaded, importance, measured, journal, tracker, trialParams, listener,
                    origins);
            long searchMillis = System.currentTimeMillis() - searchStart;
            SearchOutcome outcome = search.outcome();
            uncertifiableTarget(outcome).ifPresent(listener::say);
            List<SearchOutcome> all = new ArrayList<>();
            all.add(outcome);
            all.addAll(search.comparisons());
            TrialTable.writeTrials(layout.searchTrials(), all);
            TrialTable.writePareto(layout.paretoFront(), all);

            FinalEvaluation fin = FinalMeasurementStep.run(loaded, outcome, listener);
            List<EarlyExitPair> exitPairs = earlyExitPairs(outcome, search.evaluator());

            Path profile = ExportStep.run(loaded, outcome, fin, tracker, layout);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("full_accuracy", fin.fullModel().accuracy());
            metrics.put("profile_accuracy", fin.chosen().accuracy());
            metrics.put("accuracy_loss", fin.accuracyLoss());
            metrics.put("speedup", fin.speedup().speedup());
            metrics.put("speedup_low", fin.speedup().low());
            metrics.put("speedup_high", fin.speedup().high());
            metrics.put("throughput_speedup", fin.throughput().speedup());
            metrics.put("evaluations", (double) outcome.evaluations());
            metrics.put("search_wall_s", searchMillis / 1000.0);
            tracker.logSearchMetrics(metrics);
            List<Path> report = new ReportStep(exp, model, importance, outcome, search.comparisons(), fin,
                    exitPairs, provenance(tracker)).write(layout.reportDir());
            tracker.logArtifacts(List.of(layout.searchTrials(), layout.paretoFront(), layout.importance()),
                    RunLayout.SEARCH_ARTIFACTS);
            tracker.logArtifacts(report, RunLayout.REPORT_ARTIFACTS);
            tracker.logArtifacts(List.of(profile), RunLayout.PROFILE_ARTIFACTS);
            tracker.finishSearch(true);
            tracker.replayPending();
            if (tracker.pendingCount() > 0) {
                listener.say("warning: " + tracker.pendingCount() + " tracking records are queued in " + tracker.outboxFile()
                        + "; they are replayed on the next run");
            }
            return new RunResult(outcome, search.comparisons(), fin, exitPairs, profile, layout,
                    tracker.parentRunId(), tracker.trackingUriDescription(), context, trialsOn, searchMillis,
                    System.currentTimeMillis() - start);
        }
    }

    /** Everything a trial's result depends on besides its configuration (see {@link TrialContext}). */
    /** The digest of everything {@code loaded}'s trials depend on besides their configuration. */
    static String trialContext(LoadedExperiment loaded, String fingerprint, List<Question> dev, CostModel costModel) {
        Experiment exp = loaded.experiment();
        return TrialContext.begin()
                .with("model", fingerprint)
                .withQuestions("selection", dev)
                .withPipeline(loaded.pipeline())
                .with("latency", costModel != null ? costModel : "wall-clock warmup " + exp.measurement().warmup()
                        + " repetitions " + exp.measurement().repetitions())
                .with("batch_questions", costModel != null ? exp.engine().batchQuestions() : 1)
                .with("max_rows", exp.engine().limits().maxRows())
                .with("workers", exp.measurement().workers())
                .digest();
    }

    /**
     * Early exit on vs off, on the selection split, for the chosen masks and, per stage, for the
     * searched trial that skips most in that stage (where a degraded stage rambles, if anywhere):
     * each trial's masks with every stage's early exit switched off, or, for a trial searched
     * without it, switched on with the experiment's {@code search.early_exit}. The counterparts are
     * tracked as the ablation.
     */
    private List<EarlyExitPair> earlyExitPairs(SearchOutcome outcome, TrackedEvaluator evaluator) {
        List<TrialResult> subjects = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        subjects.add(outcome.chosen());
        labels.add("chosen");
        java.util.function.Predicate<TrialResult> unseen = distinctMasks(outcome.chosen());
        List<String> stageNames = outcome.chosen().config().stages().stream().map(StageProfile::stage).toList();
        for (int s = 0; s < stageNames.size(); s++) {
            int stage = s;
            java.util.Comparator<TrialResult> most = java.util.Comparator
                    .comparingInt((TrialResult t) -> t.config().stages().get(stage).mask().skippedCount())
                    .thenComparingInt(t -> skipped(t.config()));
            outcome.trials().stream().filter(t -> t.config().stages().get(stage).mask().skippedCount() > 0)
                    .max(most.thenComparing(TrialResult::key, java.util.Comparator.reverseOrder()))
                    .filter(unseen)
                    .ifPresent(t -> {
                        subjects.add(t);
                        labels.add("most skipped in " + stageNames.get(stage));
                    });
        }
        listener.phaseStarted("ablation: early exit on vs off", subjects.size(), "trials");
        try {
            evaluator.strategy(TrackedEvaluator.ABLATION);
            List<TrialConfig> counterparts = new ArrayList<>();
            for (TrialResult t : subjects) {
                EarlyExit other = exits(t) ? EarlyExit.OFF
                        : exp.search().earlyExit().enabled() ? exp.search().earlyExit() : EarlyExit.of(3, 0.5);
                counterparts.add(TrialConfig.of(new ReasoningProfile(t.config().stages().stream()
                        .map(s -> new StageProfile(s.stage(), s.mask(), other)).toList())));
            }
            // one batch: the counterparts are independent trials (distinct, as the subjects' masks are)
            List<TrialResult> measured = evaluator.evaluateAll(counterparts);
            List<EarlyExitPair> pairs = new ArrayList<>();
            for (int i = 0; i < subjects.size(); i++) {
                TrialResult t = subjects.get(i);
                TrialResult counterpart = measured.get(i);
                String label = labels.get(i);
                pairs.add(exits(t) ? new EarlyExitPair(label, t, counterpart) : new EarlyExitPair(label, counterpart, t));
            }
            return pairs;
        } finally {
            listener.phaseEnded();
        }
    }

    private static boolean exits(TrialResult t) {
        return t.config().stages().stream().anyMatch(s -> s.earlyExit().enabled());
    }

    private static int skipped(TrialConfig config) {
        return config.stages().stream().mapToInt(s -> s.mask().skippedCount()).sum();
    }

    /** Keeps trials whose masks differ from the chosen one's and from every trial kept before. */
    private static java.util.function.Predicate<TrialResult> distinctMasks(TrialResult chosen) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        seen.add(masks(chosen.config()));
        return t -> seen.add(masks(t.config()));
    }

    private static String masks(TrialConfig config) {
        return config.stages().stream().map(s -> s.mask().toSpec()).reduce("", (a, b) -> a + "|" + b);
    }

    /**
     * A warning when a target confidence is set and the selection split is too small for any
     * trial to be certified: even one as accurate as the full model has a bound below the target.
     */
    private Optional<String> uncertifiableTarget(SearchOutcome outcome) {
        double level = exp.search().targetConfidence();
        TrialResult full = outcome.fullModel();
        if (level == 0 || SearchRun.feasible(exp.search(), full, outcome.targetAccuracy())) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "warning: search.target_confidence %s: with %d %s questions even a trial as accurate as the full model"
                        + " (%.1f%%) has a lower bound of %.1f%%, below the target %.1f%%; no skipping can be certified."
                        + " Select on more questions, lower the level, or raise epsilon.",
                level, full.questions(), exp.data().selectSplit().id(), 100 * full.accuracy(),
                100 * WilsonScore.lowerBound(full.accuracy(), full.questions(), level),
                100 * outcome.targetAccuracy()));
    }

    private Map<String, String> provenance(SearchTracker tracker) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("experiment file", exp.file().toString());
        GitCommit.of(exp.file()).ifPresent(c -> p.put("git commit", c));
        tracker.parentRunId().ifPresent(id -> p.put("MLflow run", id));
        p.put("tracking", tracker.trackingUriDescription());
        return p;
    }

    /**
     * The search's MLflow params: every setting of the experiment as written or defaulted (by its
     * YAML key), then what the run found out: the model, the question counts, the trial context.
     */
    private Map<String, String> searchParams(String fingerprint, String context) {
        Map<String, String> p = new LinkedHashMap<>(exp.settings());
        LanguageModel model = loaded.model();
        p.put("model.architecture", model.config().architecture());
        p.put("model.layers", String.valueOf(model.config().layers()));
        p.put("model.fingerprint", fingerprint);
        p.put("select_questions", String.valueOf(loaded.selection().size()));
        p.put("eval_questions", String.valueOf(loaded.evaluation().size()));
        p.put("latency_source", SearchStep.latencySource(exp));
        p.put("trial_context", context);
        return p;
    }

    private Map<String, String> searchTags() {
        Map<String, String> t = new LinkedHashMap<>();
        GitCommit.of(exp.file()).ifPresent(c -> {
            t.put("git_commit", c);
            t.put("mlflow.source.git.commit", c);
        });
        // MLflow's own tags, which fill the UI's Source and User columns
        t.put("mlflow.source.name", exp.file().toAbsolutePath().normalize().toString());
        t.put("mlflow.source.type", "LOCAL");
        t.put("mlflow.user", System.getProperty("user.name", "unknown"));
        try {
            t.put("host", InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            t.put("host", "unknown");
        }
        t.put("litestage.version", Versions.LITESTAGE);
        return t;
    }

    /** Identifies this search across resumes: the experiment file's content, the model and the work folder. */
    private String searchKey(String fingerprint) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(exp.file()));
            sha.update(fingerprint.getBytes(StandardCharsets.UTF_8));
            sha.update(layout.workDir().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
