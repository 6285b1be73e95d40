package dev.litestage.search.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.search.SyntheticPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialJournalTest {

    @TempDir
    Path dir;

    private final SyntheticPipeline pipeline = SyntheticPipeline.greedyCase(0, null);

    private List<TrialResult> trials(int n) {
        List<TrialResult> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            TrialConfig config = TrialConfig.parse("recall=none|analyze=" + (k == 0 ? "none" : "mlp:0-" + (k - 1))
                    + "|summarize=none|ee=off", 4);
            out.add(pipeline.evaluate(config));
        }
        return out;
    }

    @Test
    void appendedTrialsAreReadBackExactly() throws IOException {
        Path file = dir.resolve("run/journal.jsonl");
        List<TrialResult> written = trials(3);
        try (TrialJournal journal = TrialJournal.open(file)) {
            assertTrue(journal.trials().isEmpty());
            for (TrialResult t : written) {
                journal.append(t);
            }
        }
        try (TrialJournal reopened = TrialJournal.open(file)) {
            assertEquals(written, reopened.trials());
            assertFalse(reopened.discardedTail().isPresent());
        }
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void tornLastLineIsIgnoredWithAllCompleteLinesKeptAndAppendsStartClean() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        List<TrialResult> written = trials(4);
        try (TrialJournal journal = TrialJournal.open(file)) {
            for (TrialResult t : written.subList(0, 3)) {
                journal.append(t);
            }
        }
        // what a kill in the middle of writing the fourth line leaves behind
        String fourth = TrialJournal.toJson(written.get(3));
        Files.writeString(file, fourth.substring(0, fourth.length() / 2), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (TrialJournal resumed = TrialJournal.open(file)) {
            assertEquals(written.subList(0, 3), resumed.trials());
            assertEquals(fourth.substring(0, fourth.length() / 2), resumed.discardedTail().orElseThrow());
            resumed.append(written.get(3));
        }
        try (TrialJournal again = TrialJournal.open(file)) {
            assertEquals(written, again.trials());
            assertFalse(again.discardedTail().isPresent());
        }
    }

    @Test
    void corruptCompleteLineFailsNamingFileAndLine() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        List<TrialResult> written = trials(2);
        Files.writeString(file, TrialJournal.toJson(written.get(0)) + "\n{\"key\": 3}\n"
                + TrialJournal.toJson(written.get(1)) + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialJournal.open(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: field key: expected a string"), e.getMessage());
    }

    @Test
    void cachePreloadedFromJournalNeverRerunsACompletedTrial() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        List<TrialResult> written = new ArrayList<>();
        try (TrialJournal journal = TrialJournal.open(file)) {
            TrialCache cache = TrialCache.journaled(pipeline, journal);
            trials(3).forEach(t -> written.add(cache.evaluate(t.config())));
            assertEquals(3, cache.evaluations());
        }
        SyntheticPipeline fresh = SyntheticPipeline.greedyCase(0, null);
        try (TrialJournal journal = TrialJournal.open(file)) {
            TrialCache cache = TrialCache.journaled(fresh, journal);
            for (TrialResult t : written) {
                assertEquals(t, cache.evaluate(t.config()));
            }
            assertEquals(0, cache.evaluations());
            assertTrue(fresh.calls().isEmpty());
            TrialConfig other = TrialConfig.parse("recall=attn:3|analyze=none|summarize=none|ee=off", 4);
            cache.evaluate(other);
            cache.evaluate(other);
            assertEquals(List.of(other.key()), fresh.calls());
            assertEquals(4, journal.trials().size());
        }
        assertEquals(4, Files.readAllLines(file).size());
    }
}
