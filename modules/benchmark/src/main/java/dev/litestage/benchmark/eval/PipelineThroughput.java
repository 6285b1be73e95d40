package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Questions per second of the whole pipeline at several batch sizes (questions per batched call),
 * measured in one process with the batch sizes interleaved round by round, and how far the answers
 * of each batch size agree with those of the first: batched decoding must give every sequence
 * what it gets alone, so any difference is float rounding in a near-tie, counted here.
 */
public final class PipelineThroughput {

    /**
     * One batch size's figures.
     *
     * @param batch              questions per batched call
     * @param questionsPerSecond median over rounds
     * @param roundRates         each round's questions per second
     * @param accuracy           accuracy of the last round
     * @param differingStages    stage outcomes (text or token count) that differ from the first batch size's
     * @param stageOutcomes      stage outcomes compared
     * @param differingAnswers   questions whose parsed answer differs from the first batch size's
     */
    public record Row(int batch, double questionsPerSecond, double[] roundRates, double accuracy, int differingStages,
                      int stageOutcomes, int differingAnswers) {}

    private PipelineThroughput() {
    }

    /**
     * Runs {@code rounds} rounds; in each, every batch size evaluates all {@code questions} under
     * {@code profile}, in the order given (so the first batch size is the baseline of agreement).
     */
    public static List<Row> measure(Evaluator evaluator, List<Question> questions, ReasoningProfile profile,
                                    int[] batchSizes, int rounds) {
        Objects.requireNonNull(evaluator, "evaluator");
        if (batchSizes.length == 0 || rounds < 1) {
            throw new IllegalArgumentException("need at least one batch size and one round");
        }
        double[][] rates = new double[batchSizes.length][rounds];
        List<List<ReasoningResult>> last = new ArrayList<>();
        for (int b = 0; b < batchSizes.length; b++) {
            last.add(null);
        }
        for (int round = 0; round < rounds; round++) {
            for (int b = 0; b < batchSizes.length; b++) {
                Evaluator at = evaluator.inBatches(batchSizes[b]);
                long start = System.nanoTime();
                EvaluationSummary summary = at.evaluate(questions, profile);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates[b][round] = questions.size() / seconds;
                last.set(b, summary.results());
            }
        }
        List<Row> rows = new ArrayList<>();
        List<ReasoningResult> baseline = last.get(0);
        for (int b = 0; b < batchSizes.length; b++) {
            List<ReasoningResult> results = last.get(b);
            int differing = 0;
            int compared = 0;
            int answers = 0;
            for (int q = 0; q < results.size(); q++) {
                ReasoningResult mine = results.get(q);
                ReasoningResult base = baseline.get(q);
                if (!Objects.equals(mine.predicted(), base.predicted())) {
                    answers++;
                }
                for (int s = 0; s < mine.stages().size(); s++) {
                    StageOutcome x = mine.stages().get(s);
                    StageOutcome y = base.stages().get(s);
                    compared++;
                    if (!x.text().equals(y.text()) || x.tokens() != y.tokens()) {
                        differing++;
                    }
                }
            }
            double accuracy = results.stream().filter(ReasoningResult::correct).count() / (double) results.size();
            rows.add(new Row(batchSizes[b], median(rates[b]), rates[b].clone(), accuracy, differing, compared, answers));
        }
        return rows;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
