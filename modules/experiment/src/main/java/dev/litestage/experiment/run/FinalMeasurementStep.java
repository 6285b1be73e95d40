package dev.litestage.experiment.run;

import dev.litestage.benchmark.eval.EvaluationSummary;
import dev.litestage.benchmark.eval.Evaluator;
import dev.litestage.benchmark.eval.StageSummary;
import dev.litestage.experiment.config.Experiment;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.search.FinalEvaluation;
import dev.litestage.search.SearchOutcome;
import dev.litestage.search.trial.PairedSpeedup;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.ThroughputSpeedup;
import dev.litestage.search.trial.TrialConfig;
import dev.litestage.search.trial.TrialResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The chosen profile against the full model on the evaluation split, the figures to report:
 * <ol>
 *   <li>accuracy, tokens and early exits on every evaluation question, answered at the serving
 *       batch size; the two batched runs' wall times, interleaved, give the throughput speedup;</li>
 *   <li>the batch-1 speedup on a timing sample: each question answered alone by both, back to
 *       back, alternating which goes first, with a bootstrap interval over questions
 *       ({@link PairedSpeedup}); per-stage latencies come from these batch-1 runs.</li>
 * </ol>
 */
final class FinalMeasurementStep {

    /** The interval's level. */
    static final double CONFIDENCE = 0.95;

    private FinalMeasurementStep() {
    }

    static FinalEvaluation run(LoadedExperiment loaded, SearchOutcome outcome, RunListener listener) {
        Experiment exp = loaded.experiment();
        MultiStagePipeline pipeline = loaded.pipeline();
        List<Question> questions = loaded.evaluation().questions();
        TrialConfig fullConfig = outcome.fullModel().config();
        TrialConfig chosenConfig = outcome.chosenConfig();
        int batch = exp.measurement().servingBatch();
        String split = exp.data().evalSplit().id();

        Evaluator batched = new Evaluator(pipeline).inBatches(batch);
        listener.phaseStarted("final " + split + ": accuracy, batch " + batch + " (full, profile)", 2L * questions.size(), "q");
        EvaluationSummary full;
        EvaluationSummary chosen;
        long fullNanos;
        long chosenNanos;
        try {
            long t0 = System.nanoTime();
            full = batched.evaluate(questions, fullConfig.toProfile(), (d, n, r) -> listener.stepDone(""));
            fullNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            chosen = batched.evaluate(questions, chosenConfig.toProfile(), (d, n, r) -> listener.stepDone(""));
            chosenNanos = System.nanoTime() - t0;
        } finally {
            listener.phaseEnded();
        }
        ThroughputSpeedup throughput = new ThroughputSpeedup(batch, questions.size(), fullNanos / 1e9, chosenNanos / 1e9, 1);

        int n = exp.measurement().timingQuestions() == 0 ? questions.size()
                : Math.min(questions.size(), exp.measurement().timingQuestions());
        List<Question> sample = questions.subList(0, n);
        int rounds = exp.measurement().speedupRounds();
        ReasoningProfile fullProfile = fullConfig.toProfile();
        ReasoningProfile chosenProfile = chosenConfig.toProfile();
        ReasoningResult[] fullRuns = new ReasoningResult[n];
        ReasoningResult[] chosenRuns = new ReasoningResult[n];
        listener.phaseStarted("final " + split + ": batch-1 timing, " + n + " questions x " + rounds
                + " round(s) (full, profile)", 2L * n * rounds, "q");
        PairedSpeedup speedup;
        try {
            speedup = PairedSpeedup.measure(n, q -> {
                long t0 = System.nanoTime();
                fullRuns[q] = pipeline.reason(sample.get(q), fullProfile);
                listener.stepDone("");
                return (System.nanoTime() - t0) / 1e6;
            }, q -> {
                long t0 = System.nanoTime();
                chosenRuns[q] = pipeline.reason(sample.get(q), chosenProfile);
                listener.stepDone("");
                return (System.nanoTime() - t0) / 1e6;
            }, rounds, CONFIDENCE, exp.seed());
        } finally {
            listener.phaseEnded();
        }
        return new FinalEvaluation(trial(fullConfig, full, List.of(fullRuns)), trial(chosenConfig, chosen, List.of(chosenRuns)),
                speedup, throughput);
    }

    /**
     * The trial of {@code config} on the whole split: accuracy, tokens and early exits from the
     * batched run, per-stage latency from the batch-1 timing runs of the sample.
     */
    private static TrialResult trial(TrialConfig config, EvaluationSummary batched, List<ReasoningResult> timed) {
        EvaluationSummary timing = EvaluationSummary.of(timed);
        List<StageMeasurement> stages = new ArrayList<>();
        for (String name : config.stageNames()) {
            StageSummary s = batched.stage(name);
            double prefill = batched.results().stream().mapToDouble(r -> r.stages().stream()
                    .filter(o -> o.stage().equals(name)).findFirst().orElseThrow().prefillTokens()).average().orElse(0);
            double calls = batched.results().stream().mapToDouble(r -> r.stages().stream()
                    .filter(o -> o.stage().equals(name)).findFirst().orElseThrow().generations()).average().orElse(0);
            stages.add(new StageMeasurement(name, timing.stage(name).latency().meanMs(), prefill, s.meanTokens(),
                    s.earlyExits(), calls));
        }
        return new TrialResult(config, batched.accuracy(), batched.n(), stages, timing.totalLatency().meanMs(),
                batched.meanWallMs() * batched.n());
    }
}
