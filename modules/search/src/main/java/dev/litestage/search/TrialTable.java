package dev.litestage.search;

import dev.litestage.reasoning.StageProfile;
import dev.litestage.search.trial.StageMeasurement;
import dev.litestage.search.trial.TrialResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The trial tables of one or more searches, {@code trials.csv} (every trial) and
 * {@code pareto.csv} (front members only), with the same columns:
 * {@code key, strategy}; per stage {@code STAGE_attn} and {@code STAGE_mlp} (skipped layers,
 * space-separated, empty when none); per stage {@code STAGE_k} (skipped sublayers);
 * {@code early_exit, accuracy}; per stage {@code STAGE_latency_ms}; {@code latency_ms}; per stage
 * {@code STAGE_tokens} (mean generated tokens per question); per stage {@code STAGE_early_exits};
 * {@code wall_ms, pareto, chosen}.
 */
public final class TrialTable {

    private TrialTable() {
    }

    /** Writes every trial of {@code outcomes} to {@code file}. */
    public static void writeTrials(Path file, List<SearchOutcome> outcomes) throws IOException {
        write(file, outcomes, false);
    }

    /** Writes the front members of {@code outcomes} to {@code file}. */
    public static void writePareto(Path file, List<SearchOutcome> outcomes) throws IOException {
        write(file, outcomes, true);
    }

    private static void write(Path file, List<SearchOutcome> outcomes, boolean frontOnly) throws IOException {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("no search outcomes to write to " + file);
        }
        List<String> stages = outcomes.get(0).fullModel().config().stageNames();
        for (SearchOutcome o : outcomes) {
            if (!o.fullModel().config().stageNames().equals(stages)) {
                throw new IllegalArgumentException("search '" + o.strategy() + "' has stages "
                        + o.fullModel().config().stageNames() + ", expected " + stages);
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header(stages).toArray(String[]::new))
                .setRecordSeparator('\n').get();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, format)) {
            for (SearchOutcome o : outcomes) {
                Set<String> front = o.frontKeys();
                for (TrialResult t : o.trials()) {
                    boolean onFront = front.contains(t.key());
                    if (!frontOnly || onFront) {
                        csv.printRecord(row(o.strategy().token(), t, onFront, t.key().equals(o.chosen().key())));
                    }
                }
            }
        }
    }

    static List<String> header(List<String> stages) {
        List<String> h = new ArrayList<>();
        h.add("key");
        h.add("strategy");
        for (String s : stages) {
            h.add(s + "_attn");
            h.add(s + "_mlp");
        }
        stages.forEach(s -> h.add(s + "_k"));
        h.add("early_exit");
        h.add("accuracy");
        stages.forEach(s -> h.add(s + "_latency_ms"));
        h.add("latency_ms");
        stages.forEach(s -> h.add(s + "_tokens"));
        stages.forEach(s -> h.add(s + "_early_exits"));
        h.add("wall_ms");
        h.add("pareto");
        h.add("chosen");
        return h;
    }

    private static List<Object> row(String strategy, TrialResult t, boolean pareto, boolean chosen) {
        List<Object> r = new ArrayList<>();
        r.add(t.key());
        r.add(strategy);
        for (StageProfile s : t.config().stages()) {
            r.add(join(s.mask().skippedAttentionLayers()));
            r.add(join(s.mask().skippedMlpLayers()));
        }
        t.config().stages().forEach(s -> r.add(s.mask().skippedCount()));
        r.add(t.config().earlyExitToken());
        r.add(t.accuracy());
        t.stages().forEach(s -> r.add(s.latencyMs()));
        r.add(t.latencyMs());
        t.stages().forEach(s -> r.add(s.generatedTokens()));
        t.stages().stream().map(StageMeasurement::earlyExits).forEach(r::add);
        r.add(t.wallMs());
        r.add(pareto);
        r.add(chosen);
        return r;
    }

    private static String join(List<Integer> layers) {
        return layers.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
