package dev.litestage.search;

import dev.litestage.search.strategy.LayerAllocationSearch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialTableTest {

    @TempDir
    Path dir;

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file);
             CSVParser csv = CSVParser.parse(in, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return csv.getRecords();
        }
    }

    @Test
    void trialsAndParetoTablesDescribeEveryTrialOfEverySearch() throws IOException {
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        TrialCache cache = TrialCache.of(pipeline);
        SearchConfig greedy = SearchConfig.builder().epsilon(0.05).kmax(4).build();
        SearchOutcome a = LayerAllocationSearch.run(greedy, pipeline.stageNames(), pipeline.importance(), cache);
        SearchOutcome b = LayerAllocationSearch.run(greedy.toBuilder().strategy("uniform").build(),
                pipeline.stageNames(), pipeline.importance(), cache);

        Path trials = dir.resolve("trials.csv");
        Path pareto = dir.resolve("pareto.csv");
        TrialTable.writeTrials(trials, List.of(a, b));
        TrialTable.writePareto(pareto, List.of(a, b));

        String header = Files.readAllLines(trials).get(0);
        assertEquals("key,strategy,recall_attn,recall_mlp,analyze_attn,analyze_mlp,summarize_attn,summarize_mlp,"
                + "recall_k,analyze_k,summarize_k,early_exit,accuracy,recall_latency_ms,analyze_latency_ms,"
                + "summarize_latency_ms,latency_ms,recall_tokens,analyze_tokens,summarize_tokens,recall_early_exits,"
                + "analyze_early_exits,summarize_early_exits,wall_ms,pareto,chosen", header);

        List<CSVRecord> rows = read(trials);
        assertEquals(a.evaluations() + b.evaluations(), rows.size());
        List<CSVRecord> chosen = rows.stream().filter(r -> r.get("chosen").equals("true")).toList();
        assertEquals(2, chosen.size());
        CSVRecord greedyChoice = chosen.get(0);
        assertEquals("greedy", greedyChoice.get("strategy"));
        assertEquals(a.chosen().key(), greedyChoice.get("key"));
        assertEquals("2", greedyChoice.get("recall_k"));
        assertEquals("3", greedyChoice.get("analyze_k"));
        assertEquals("2 3", greedyChoice.get("analyze_attn"));
        assertEquals("3", greedyChoice.get("analyze_mlp"));
        assertEquals("off", greedyChoice.get("early_exit"));
        assertEquals(a.chosen().latencyMs(), Double.parseDouble(greedyChoice.get("latency_ms")));
        assertEquals(a.chosen().accuracy(), Double.parseDouble(greedyChoice.get("accuracy")));
        TrialResult chosenTrial = a.chosen();
        assertEquals(chosenTrial.stage("analyze").generatedTokens(), Double.parseDouble(greedyChoice.get("analyze_tokens")));

        List<CSVRecord> front = read(pareto);
        assertEquals(a.front().size() + b.front().size(), front.size());
        assertTrue(front.stream().allMatch(r -> r.get("pareto").equals("true")));
        assertEquals(front.size(), rows.stream().filter(r -> r.get("pareto").equals("true")).count());
    }
}
