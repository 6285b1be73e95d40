package dev.litestage.tracking;

import dev.litestage.tracking.TrackingOperation.FinishSearch;
import dev.litestage.tracking.TrackingOperation.LogTrial;
import dev.litestage.tracking.TrackingOperation.SearchRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxJournalTest {

    private static final SearchRef SEARCH = new SearchRef("exp", "search-1", "search 1");

    @TempDir
    Path dir;

    @Test
    void pendingOperationsSurviveAReopenInOrderWithNonFiniteMetrics() {
        List<String> warnings = new ArrayList<>();
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("acc", Double.NaN);
        metrics.put("latency", Double.POSITIVE_INFINITY);
        metrics.put("speedup", 1.5);
        LogTrial first = new LogTrial(SEARCH, new TrialRecord("t1", "attn:3", Map.of("p", "1"), metrics, Map.of()), 11L);
        LogTrial second = new LogTrial(SEARCH, new TrialRecord("t2", "attn:4", Map.of(), Map.of(), Map.of("host", "h")), 12L);
        try (OutboxJournal journal = OutboxJournal.open(dir, warnings::add)) {
            journal.append(first);
            long seq = journal.append(second);
            journal.append(new FinishSearch(SEARCH, RunStatus.FINISHED, 13L));
            journal.markDone(seq);
            assertEquals(2, journal.pendingCount());
        }
        try (OutboxJournal journal = OutboxJournal.open(dir, warnings::add)) {
            List<OutboxJournal.Pending> pending = journal.pending();
            assertEquals(List.of(1L, 3L), pending.stream().map(OutboxJournal.Pending::seq).toList());
            LogTrial replayed = (LogTrial) pending.get(0).op();
            assertEquals(first.trial().params(), replayed.trial().params());
            assertTrue(replayed.trial().metrics().get("acc").isNaN());
            assertEquals(Double.POSITIVE_INFINITY, replayed.trial().metrics().get("latency"));
            assertEquals(first, replayed);
            assertEquals(new FinishSearch(SEARCH, RunStatus.FINISHED, 13L), pending.get(1).op());
            assertEquals(4L, journal.append(new FinishSearch(SEARCH, RunStatus.KILLED, 14L)), "numbering goes on");
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void theFileIsEmptiedWhenNothingIsPendingAndRemovedOnClose() throws IOException {
        OutboxJournal journal = OutboxJournal.open(dir, w -> { });
        long a = journal.append(new FinishSearch(SEARCH, RunStatus.FINISHED, 1L));
        long b = journal.append(new FinishSearch(SEARCH, RunStatus.FINISHED, 2L));
        journal.markDone(a);
        assertTrue(Files.size(journal.file()) > 0);
        journal.markDone(b);
        assertEquals(0, Files.size(journal.file()), "compacted");
        journal.close();
        assertFalse(Files.exists(dir.resolve(OutboxJournal.FILE_NAME)));
    }

    @Test
    void aLineTornByAKillIsSkippedWithAWarningAndLaterRecordsStayReadable() throws IOException {
        try (OutboxJournal journal = OutboxJournal.open(dir, w -> { })) {
            journal.append(new FinishSearch(SEARCH, RunStatus.FINISHED, 1L));
        }
        Files.writeString(dir.resolve(OutboxJournal.FILE_NAME), "{\"seq\":2,\"op\":{\"op\":\"finishSe",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<String> warnings = new ArrayList<>();
        try (OutboxJournal journal = OutboxJournal.open(dir, warnings::add)) {
            assertEquals(1, journal.pendingCount());
            journal.append(new FinishSearch(SEARCH, RunStatus.FAILED, 3L));
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(OutboxJournal.FILE_NAME + " line 2: unreadable"), warnings.get(0));
        try (OutboxJournal journal = OutboxJournal.open(dir, w -> { })) {
            assertEquals(2, journal.pendingCount(), "the record after the torn line was not swallowed");
        }
    }

    @Test
    void rejectedOperationsAreKeptAsideWithTheReason() throws IOException {
        try (OutboxJournal journal = OutboxJournal.open(dir, w -> { })) {
            long seq = journal.append(new FinishSearch(SEARCH, RunStatus.FINISHED, 1L));
            journal.markRejected(seq, "HTTP 400 INVALID_PARAMETER_VALUE");
            assertEquals(0, journal.pendingCount());
        }
        String rejected = Files.readString(dir.resolve(OutboxJournal.REJECTED_FILE_NAME));
        assertTrue(rejected.contains("HTTP 400 INVALID_PARAMETER_VALUE") && rejected.contains("finishSearch"), rejected);
    }

    @Test
    void twoTrackersCannotShareAnOutbox() {
        try (OutboxJournal journal = OutboxJournal.open(dir, w -> { })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> OutboxJournal.open(dir, w -> { }));
            assertTrue(e.getMessage().contains("in use by another SearchTracker"), e.getMessage());
            assertEquals(0, journal.pendingCount(), "the holder is unaffected");
        }
        OutboxJournal.open(dir, w -> { }).close();
    }
}
