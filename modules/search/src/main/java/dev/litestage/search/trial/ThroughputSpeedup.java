package dev.litestage.search.trial;

import java.util.Locale;

/**
 * Throughput of a profile against the full model when answering many questions together at a
 * serving batch size: questions per second of each, timed in one process, interleaved. Skipping
 * saves less here than at batch 1 where a batch's cost is arithmetic rather than per-op overhead,
 * and more where the full model's larger token counts keep its batches busy longer.
 *
 * @param batch          questions answered together
 * @param questions      questions answered by each per round
 * @param fullSeconds    the full model's wall time, summed over rounds
 * @param profileSeconds the profile's wall time, summed over rounds
 * @param rounds         interleaved rounds
 */
public record ThroughputSpeedup(int batch, int questions, double fullSeconds, double profileSeconds, int rounds) {

    public ThroughputSpeedup {
        if (batch < 1 || questions < 1 || rounds < 1 || !(fullSeconds > 0) || !(profileSeconds > 0)) {
            throw new IllegalArgumentException("batch, questions, rounds and times must be positive");
        }
    }

    /** Profile questions per second over full-model questions per second. */
    public double speedup() {
        return fullSeconds / profileSeconds;
    }

    public double fullQuestionsPerSecond() {
        return questions * rounds / fullSeconds;
    }

    public double profileQuestionsPerSecond() {
        return questions * rounds / profileSeconds;
    }

    /** {@code batch 32 throughput, 300 questions x 1 round: 31.2 -> 44.0 questions/s}. */
    public String method() {
        return String.format(Locale.ROOT, "batch %d throughput, %d questions x %d round%s: %.1f -> %.1f questions/s",
                batch, questions, rounds, rounds == 1 ? "" : "s", fullQuestionsPerSecond(), profileQuestionsPerSecond());
    }
}
