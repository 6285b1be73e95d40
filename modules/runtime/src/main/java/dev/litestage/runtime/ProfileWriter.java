package dev.litestage.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * Writes a {@link ProfileDocument} as JSON of its format version: fields in schema order,
 * two-space indentation, lists on one line each, a final newline, so that profiles diff well.
 */
final class ProfileWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileWriter() {
    }

    static String write(ProfileDocument doc) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        try {
            return JSON.writer(printer).writeValueAsString(tree(doc)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialize a profile", e);
        }
    }

    static ObjectNode tree(ProfileDocument doc) {
        ObjectNode root = JSON.createObjectNode();
        boolean v2 = doc.formatVersion() == 2;
        root.put("format_version", doc.formatVersion());
        ProfileDocument.ModelInfo m = doc.model();
        ObjectNode model = root.putObject("model");
        model.put("architecture", m.architecture());
        model.put("layers", m.layers());
        model.put("sublayers", m.sublayers());
        model.put("hidden_size", m.hiddenSize());
        model.put("vocab_size", m.vocabSize());
        model.put("fingerprint", m.fingerprint());
        ArrayNode stages = root.putArray("stages");
        for (ProfileDocument.StageSetting s : doc.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("name", s.name());
            s.skipAttention().forEach(stage.putArray("skip_attention")::add);
            s.skipMlp().forEach(stage.putArray("skip_mlp")::add);
            ObjectNode exit = stage.putObject("early_exit");
            exit.put("enabled", s.earlyExit().enabled());
            exit.put("window", s.earlyExit().window());
            exit.put("threshold", s.earlyExit().threshold());
            stage.put("max_new_tokens", s.maxNewTokens());
            if (v2) {
                ObjectNode prompt = stage.putObject("prompt");
                ProfileDocument.Prompt p = s.prompt();
                if (p == null) {
                    throw new IllegalArgumentException("stages: version 2 needs every stage's prompt format; "
                            + s.name() + " has none");
                }
                prompt.put("prefix", p.prefix());
                prompt.put("option_prefix", p.optionPrefix());
                p.stop().forEach(prompt.putArray("stop")::add);
            }
        }
        if (v2) {
            root.putObject("answer").put("pattern", doc.answerPattern());
        }
        ProfileDocument.Results r = doc.results();
        ObjectNode results = root.putObject("results");
        results.put("full_accuracy", r.fullAccuracy());
        results.put("profile_accuracy", r.profileAccuracy());
        results.put("speedup", r.speedup());
        results.put("dataset", r.dataset());
        results.put("split", r.split());
        results.put("n", r.n());
        results.put("evaluated_at", r.evaluatedAt().toString());
        if (v2) {
            ProfileDocument.SpeedupMeasurement how = r.speedupMeasured();
            if (how == null) {
                throw new IllegalArgumentException("results.speedup_measured: version 2 says how the speedup was measured");
            }
            ObjectNode measured = results.putObject("speedup_measured");
            measured.put("method", how.method());
            measured.put("split", how.split());
            measured.put("n", how.n());
            measured.put("interval_low", how.low());
            measured.put("interval_high", how.high());
            measured.put("confidence", how.confidence());
            if (r.throughput() == null) {
                results.putNull("throughput");
            } else {
                ObjectNode t = results.putObject("throughput");
                t.put("batch", r.throughput().batch());
                t.put("speedup", r.throughput().speedup());
                t.put("full_questions_per_s", r.throughput().fullQuestionsPerSecond());
                t.put("profile_questions_per_s", r.throughput().profileQuestionsPerSecond());
            }
        }
        ProfileDocument.Provenance p = doc.provenance();
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("experiment", p.experiment());
        provenance.put("strategy", p.strategy());
        provenance.put("mlflow_run_id", p.mlflowRunId());
        provenance.put("tracking_uri", p.trackingUri());
        provenance.put("git_commit", p.gitCommit());
        provenance.put("created_by", p.createdBy());
        if (v2) {
            ObjectNode settings = provenance.putObject("settings");
            p.settings().forEach(settings::put);
        }
        return root;
    }
}
