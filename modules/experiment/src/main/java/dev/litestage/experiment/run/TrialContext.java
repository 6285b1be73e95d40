package dev.litestage.experiment.run;

import dev.litestage.model.engine.SkippableDecoder;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Everything a measured trial's result depends on besides its configuration, as a digest: the
 * model's fingerprint, the questions themselves (so the dataset files, split, sample and sampling
 * seed), the stages' prompts, budgets and stop strings, the answer pattern, how latency is
 * measured, and the engine settings that can change float rounding in near-ties (batching,
 * workers, the engine's output version). A changed ingredient gives another digest, and the
 * trials measured under the old one are not reused; an unchanged experiment finds every trial.
 */
public final class TrialContext {

    private final MessageDigest sha;
    private final StringBuilder description = new StringBuilder();

    private TrialContext() {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A digest builder seeded with the engine's output version and the pipeline's measurement version. */
    public static TrialContext begin() {
        return new TrialContext().with("engine", SkippableDecoder.OUTPUT_VERSION)
                .with("pipeline", MultiStagePipeline.MEASUREMENT_VERSION);
    }

    /** Adds a named ingredient. */
    public TrialContext with(String name, Object value) {
        String text = name + "=" + value + "\n";
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        description.append(name).append(' ');
        return this;
    }

    /** Adds the questions, in order, by everything that reaches a prompt or the grade. */
    public TrialContext withQuestions(String name, List<Question> questions) {
        StringBuilder sb = new StringBuilder();
        for (Question q : questions) {
            sb.append(q.id()).append('\u0001').append(q.stem()).append('\u0001');
            q.options().forEach(o -> sb.append(o.label()).append('\u0002').append(o.text()).append('\u0001'));
            sb.append(q.answerKey()).append('\u0000');
        }
        return with(name, sb.length() + ":" + sb);
    }

    /** Adds the pipeline's stages and answer pattern. */
    public TrialContext withPipeline(MultiStagePipeline pipeline) {
        StringBuilder sb = new StringBuilder();
        for (StageSpec s : pipeline.stages()) {
            sb.append(s).append('\u0000');
        }
        return with("stages", sb).with("answer", pipeline.parser().pattern().pattern());
    }

    /** The digest's first 16 hex digits: short enough for a file name, long enough never to collide here. */
    public String digest() {
        try {
            MessageDigest copy = (MessageDigest) sha.clone();
            return HexFormat.of().formatHex(copy.digest()).substring(0, 16);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
