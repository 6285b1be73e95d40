package dev.litestage.benchmark.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.litestage.reasoning.ReasoningResult;
import dev.litestage.reasoning.StageOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregation over hand-made results with known numbers. */
class EvaluationSummaryTest {

    /** A result whose two stages took {@code recallMs} and {@code answerMs} (split evenly into prefill and decode). */
    static ReasoningResult result(String id, String predicted, String gold, double recallMs, int recallTokens,
                                  double answerMs, int answerTokens, int answerExits, long wallMs) {
        return new ReasoningResult(id, predicted, gold, List.of(
                new StageOutcome("recall", "p", "t", recallTokens, 1, 0, nanos(recallMs / 2), nanos(recallMs / 2), 8),
                new StageOutcome("answer", "p", "t", answerTokens, 4, answerExits, nanos(answerMs / 2), nanos(answerMs / 2), 20)),
                wallMs * 1_000_000);
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    static final List<ReasoningResult> RESULTS = List.of(
            result("q1", "A", "A", 1, 10, 10, 40, 0, 20),
            result("q2", "B", "A", 2, 12, 20, 44, 1, 30),
            result("q3", null, "C", 3, 14, 30, 48, 4, 40),
            result("q4", "D", "D", 10, 16, 40, 52, 0, 50));

    @Test
    void countsMeansAndMedians() {
        EvaluationSummary summary = EvaluationSummary.of(RESULTS);

        assertEquals(4, summary.n());
        assertEquals(2, summary.correct());
        assertEquals(1, summary.unparseable());
        assertEquals(0.5, summary.accuracy());
        assertEquals(List.of("recall", "answer"), summary.stages().stream().map(StageSummary::stage).toList());
        assertEquals(new LatencyStats(4, 2.5), summary.stage("recall").latency());
        assertEquals(new LatencyStats(25, 25), summary.stage("answer").latency());
        assertEquals(13, summary.stage("recall").meanTokens());
        assertEquals(46, summary.stage("answer").meanTokens());
        assertEquals(16, summary.stage("answer").generations());
        assertEquals(5, summary.stage("answer").earlyExits());
        assertEquals(new LatencyStats(29, 27.5), summary.totalLatency());
        assertEquals(35, summary.meanWallMs(), 1e-9);
    }

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertEquals(new LatencyStats(5, 3), LatencyStats.of(List.of(9.0, 3.0, 1.0, 2.0, 10.0)));
        assertThrows(IllegalArgumentException.class, () -> LatencyStats.of(List.of()));
    }

    @Test
    void jsonHasTheFieldsTheCliPrints() throws Exception {
        JsonNode json = new ObjectMapper().readTree(EvaluationSummary.of(RESULTS).toJson());

        assertEquals(0.5, json.get("accuracy").asDouble());
        assertEquals(4, json.get("n").asInt());
        assertEquals(1, json.get("unparseable").asInt());
        assertEquals(2.5, json.get("stage_latency_ms").get("recall").get("median").asDouble());
        assertEquals(25.0, json.get("stage_latency_ms").get("answer").get("mean").asDouble());
        assertEquals(46.0, json.get("stage_tokens").get("answer").asDouble());
        assertEquals(5, json.get("early_exits").get("answer").asInt());
        assertEquals(29.0, json.get("total_latency_ms").get("mean").asDouble());
        assertEquals(35.0, json.get("wall_ms_per_question").asDouble());
        assertTrue(EvaluationSummary.of(RESULTS).toJson().indexOf('\n') < 0, "one line");
    }

    @Test
    void resultsWithDifferentStagesAreRefused() {
        ReasoningResult other = new ReasoningResult("q9", "A", "A", List.of(
                new StageOutcome("recall", "p", "t", 1, 1, 0, 1, 1, 2)), 5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationSummary.of(List.of(RESULTS.get(0), other)));
        assertTrue(e.getMessage().contains("q9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EvaluationSummary.of(List.of()));
    }
}
