package dev.litestage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.litestage.model.Generation;
import dev.litestage.model.LanguageModel;
import dev.litestage.model.SkipMask;
import dev.litestage.model.StopCondition;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Greedy generation from a prompt, optionally skipping sublayers. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Greedy generation with per-token confidence, optionally skipping sublayers.")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--prompt", required = true, description = "prompt text (encoded with BOS)")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "64", description = "tokens to generate at most (default ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--skip", defaultValue = "none",
            description = "skipped sublayers, e.g. 'attn:3,5;mlp:7' or 'attn:0-2' (default ${DEFAULT-VALUE})")
    String skip;

    @Option(names = "--json", description = "print one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("--max-tokens: must be >= 0, was " + maxTokens);
        }
        LanguageModel lm = model.open();
        SkipMask mask = SkipMask.parseTyped(skip, lm.config().layers());
        int[] ids = lm.tokenizer().encode(prompt, true);
        Generation g = lm.generate(ids, mask, maxTokens, StopCondition.NEVER);
        String text = lm.tokenizer().decode(g.generatedIds());
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            ids(out.putArray("prompt_ids"), g.promptIds());
            ids(out.putArray("generated_ids"), g.generatedIds());
            out.put("text", text);
            var conf = out.putArray("confidences");
            for (float c : g.confidences()) {
                conf.add(c);
            }
            out.put("skip", mask.toSpec());
            out.put("stop", g.stop().name().toLowerCase(java.util.Locale.ROOT));
            out.put("prefill_ms", g.prefillNanos() / 1e6);
            out.put("decode_ms_per_token", g.decodeMsPerToken());
            System.out.println(mapper.writeValueAsString(out));
        } else {
            System.out.println(prompt + text);
            System.err.printf("%d tokens, prefill %.2f ms, decode %.2f ms/token, skip %s%n",
                    g.tokens(), g.prefillNanos() / 1e6, g.decodeMsPerToken(), mask.toSpec());
        }
        return 0;
    }

    private static void ids(com.fasterxml.jackson.databind.node.ArrayNode array, int[] ids) {
        for (int id : ids) {
            array.add(id);
        }
    }
}
