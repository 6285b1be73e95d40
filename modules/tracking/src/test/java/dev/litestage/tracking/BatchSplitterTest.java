package dev.litestage.tracking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchSplitterTest {

    private static final BatchSplitter SPLITTER = BatchSplitter.MLFLOW_LIMITS;

    @Test
    void metricsAreSplitAtOneThousand() {
        List<LogBatch> parts = SPLITTER.split(new LogBatch(Map.of(), metrics(2500), Map.of()));
        assertEquals(List.of(1000, 1000, 500), parts.stream().map(p -> p.metrics().size()).toList());
        assertEquals(metrics(2500), parts.stream().flatMap(p -> p.metrics().stream()).toList(), "order and content kept");
    }

    @Test
    void paramsAreSplitAtOneHundred() {
        List<LogBatch> parts = SPLITTER.split(new LogBatch(params(250), List.of(), Map.of()));
        assertEquals(List.of(100, 100, 50), parts.stream().map(p -> p.params().size()).toList());
        Map<String, String> joined = new LinkedHashMap<>();
        parts.forEach(p -> joined.putAll(p.params()));
        assertEquals(params(250), joined);
    }

    @Test
    void mixedBatchesRespectEveryLimitIncludingEntities() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            tags.put("t" + i, "v");
        }
        List<LogBatch> parts = SPLITTER.split(new LogBatch(params(250), metrics(2500), tags));
        for (LogBatch part : parts) {
            assertTrue(part.params().size() <= 100 && part.tags().size() <= 100 && part.metrics().size() <= 1000
                    && part.entityCount() <= 1000, "part within limits: " + part.entityCount());
        }
        assertEquals(250 + 2500 + 150, parts.stream().mapToInt(LogBatch::entityCount).sum());
        // 2900 entities need at least 3 requests; greedy filling gets there in 3 or 4
        assertTrue(parts.size() >= 3 && parts.size() <= 4, "parts: " + parts.size());
    }

    @Test
    void largeValuesAreSplitByPayloadSize() {
        Map<String, String> big = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            big.put("p" + i, "v".repeat(6000));
        }
        for (int i = 0; i < 100; i++) {
            big.put("q" + i, "w".repeat(6000));
        }
        List<LogBatch> parts = new BatchSplitter(1000, 100, 100, 1000, 300_000).split(new LogBatch(big, List.of(), Map.of()));
        assertTrue(parts.size() >= 4, "200 x 6 kB in parts of at most 300 kB: " + parts.size());
        assertEquals(200, parts.stream().mapToInt(LogBatch::entityCount).sum());
    }

    @Test
    void smallAndEmptyBatches() {
        LogBatch small = new LogBatch(params(3), metrics(3), Map.of("t", "v"));
        assertEquals(List.of(small), SPLITTER.split(small));
        assertTrue(SPLITTER.split(LogBatch.EMPTY).isEmpty());
    }

    private static List<MetricPoint> metrics(int n) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new MetricPoint("m" + i, i, 1000L + i, 0));
        }
        return points;
    }

    private static Map<String, String> params(int n) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            params.put("p" + i, Integer.toString(i));
        }
        return params;
    }
}
