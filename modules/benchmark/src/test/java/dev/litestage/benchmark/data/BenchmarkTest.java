package dev.litestage.benchmark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchmarkTest {

    private static final Path ROOT = Path.of("datasets");

    @Test
    void conventionalFileNamesPerSplit() {
        assertEquals(Path.of("datasets/obqa/train.jsonl"), Benchmark.OBQA.file(ROOT, Split.TRAIN));
        assertEquals(Path.of("datasets/obqa/dev.jsonl"), Benchmark.OBQA.file(ROOT, Split.DEV));
        assertEquals(Path.of("datasets/obqa/test.jsonl"), Benchmark.OBQA.file(ROOT, Split.TEST));
        assertEquals(Path.of("datasets/csqa/train_rand_split.jsonl"), Benchmark.CSQA.file(ROOT, Split.TRAIN));
        assertEquals(Path.of("datasets/csqa/dev_rand_split.jsonl"), Benchmark.CSQA.file(ROOT, Split.TEST));
        assertEquals(Path.of("datasets/strategyqa/train.json"), Benchmark.STRATEGYQA.file(ROOT, Split.TRAIN));
        assertEquals(Path.of("datasets/strategyqa/dev.json"), Benchmark.STRATEGYQA.file(ROOT, Split.TEST));
        assertEquals(Path.of("datasets/reference/test.jsonl"), Benchmark.REFERENCE.file(ROOT, Split.TEST));
    }

    @Test
    void specsCarryFormatNameAndOptionCount() {
        DatasetSpec spec = Benchmark.CSQA.spec(ROOT, Split.TEST);

        assertEquals("csqa/test", spec.name());
        assertEquals(DatasetFormat.CSQA, spec.format());
        assertEquals(5, spec.expectedOptions());
        assertEquals(BadRecordPolicy.FAIL, spec.onBadRecord());
    }

    @Test
    void namesParse() {
        assertEquals(Benchmark.STRATEGYQA, Benchmark.parse(" StrategyQA "));
        assertEquals(Split.DEV, Split.parse("Dev"));
        assertThrows(IllegalArgumentException.class, () -> Benchmark.parse("arc"));
        assertThrows(IllegalArgumentException.class, () -> Split.parse("validation"));
        assertEquals(DatasetFormat.JSONL, DatasetFormat.parse("jsonl"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetFormat.parse("xml"));
        assertEquals("unknown dataset format 'xml': expected one of [obqa, csqa, strategyqa, reference, csv, jsonl]",
                e.getMessage());
    }
}
