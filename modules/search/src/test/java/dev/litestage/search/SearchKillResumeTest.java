package dev.litestage.search;

import dev.litestage.search.strategy.LayerAllocationSearch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.trial.TrialCache;
import dev.litestage.search.trial.TrialJournal;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a journaled greedy search with a real process kill part-way, resumes it in a second
 * process, and checks that no completed trial was re-run, none was lost, and the result equals an
 * uninterrupted run's.
 */
class SearchKillResumeTest {

    private static final long SLEEP_MS = 150;

    @TempDir
    Path dir;

    private Process start(Path journal, Path log, Path result, Path stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), GreedySearchProcess.class.getName(), journal.toString(),
                log.toString(), Long.toString(SLEEP_MS), result.toString());
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(stderr.toFile());
        return builder.start();
    }

    private static long completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
    }

    private static List<String> keysStarted(Path log) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : SyntheticPipeline.readLog(log)) {
            if (line.startsWith("start ")) {
                keys.add(line.substring("start ".length()));
            }
        }
        return keys;
    }

    private static List<String> journalKeys(Path journal) throws IOException {
        try (TrialJournal j = TrialJournal.open(journal)) {
            return j.trials().stream().map(TrialResult::key).toList();
        }
    }

    @Test
    void killedSearchResumesWithoutRerunningOrLosingTrialsAndEndsAsAnUninterruptedOne() throws Exception {
        Path journal = dir.resolve("journal.jsonl");
        Path result = dir.resolve("result.txt");
        Path firstLog = dir.resolve("first.log");
        Path secondLog = dir.resolve("second.log");

        Process first = start(journal, firstLog, result, dir.resolve("first.err"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (completeLines(journal) < 4 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(first.isAlive(), "the first search ended before it could be killed: "
                + Files.readString(dir.resolve("first.err")));
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(result), "the killed search must not have finished");

        List<String> completedBeforeKill = journalKeys(journal);
        assertTrue(completedBeforeKill.size() >= 4 && completedBeforeKill.size() < 13,
                "trials completed before the kill: " + completedBeforeKill.size());
        assertTrue(keysStarted(firstLog).containsAll(completedBeforeKill));

        Process second = start(journal, secondLog, result, dir.resolve("second.err"));
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the resumed search did not finish");
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("second.err")));

        // no completed trial re-run
        List<String> rerun = new ArrayList<>(keysStarted(secondLog));
        rerun.retainAll(completedBeforeKill);
        assertEquals(List.of(), rerun, "trials completed before the kill were run again");
        // none lost: the journal still starts with every trial completed before the kill
        List<String> finalJournal = journalKeys(journal);
        assertEquals(completedBeforeKill, finalJournal.subList(0, completedBeforeKill.size()));
        assertEquals(finalJournal.size(), new HashSet<>(finalJournal).size(), "a trial was journaled twice");

        // the same result as an uninterrupted run
        SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);
        SearchOutcome uninterrupted = LayerAllocationSearch.run(GreedySearchProcess.CONFIG, pipeline.stageNames(),
                pipeline.importance(), TrialCache.of(SyntheticPipeline.COSTS.estimating(pipeline)));
        assertEquals(GreedySearchProcess.summary(uninterrupted), Files.readAllLines(result));
        Set<String> allTrials = new HashSet<>(finalJournal);
        assertEquals(allTrials, new HashSet<>(pipeline.calls()));
    }
}
