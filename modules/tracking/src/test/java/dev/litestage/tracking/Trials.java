package dev.litestage.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/** Trial records shaped like a LiteStage search's. */
final class Trials {

    private Trials() {
    }

    static TrialRecord trial(int i) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("strategy", "jenetics-nsga2");
        params.put("skip/stage1", "attn:" + i + ";mlp:none");
        params.put("skip/stage2", "attn:none;mlp:" + (i + 1));
        params.put("budget/stage1", "0.4");
        params.put("early_exit.window", "8");
        params.put("early_exit.threshold", "0.35");
        params.put("model.fingerprint", "sha256:0123abcd");
        params.put("dataset", "obqa");
        params.put("split", "dev");
        params.put("seed", "7");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", 0.5 + i / 100.0);
        metrics.put("latency/stage1_ms", 40.0 - i);
        metrics.put("latency/total_ms", 100.0 - i);
        metrics.put("speedup", 1.0 + i / 10.0);
        metrics.put("tokens/stage1", 120.0 + i);
        metrics.put("early_exits", (double) i);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("git.commit", "3d4ad58");
        tags.put("host", "test-host");
        tags.put("litestage.version", "0.1.0-SNAPSHOT");
        return new TrialRecord("trial-" + i, "attn:" + i + " mlp:" + (i + 1), params, metrics, tags);
    }
}
