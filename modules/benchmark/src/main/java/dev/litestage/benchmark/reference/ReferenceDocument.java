package dev.litestage.benchmark.reference;

import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.PromptFormat;
import dev.litestage.reasoning.Question;
import dev.litestage.reasoning.StageSpec;
import java.util.List;

/**
 * The training text of a question with gold stages, in the multi-stage prompt format:
 *
 * <pre>
 * {stem}
 * (A) {opt} (B) {opt} (C) {opt} (D) {opt}
 * Recall: {recall}
 * Analyze: {analyze}
 * Summarize: {summarize}
 * </pre>
 *
 * Single spaces, no trailing newline (whoever tokenizes appends the end-of-sequence token). The
 * text is built by the reasoning pipeline's own {@link PromptFormat} over its
 * {@link MultiStagePipeline#standardStages() standard stages}, so what a model is trained on is
 * byte for byte what the pipeline prompts it with: the Recall prompt is this text up to and
 * including {@code Recall:}, and so on for each stage.
 */
public final class ReferenceDocument {

    /** The stages reference documents are written for. */
    public static final List<StageSpec> STAGES = MultiStagePipeline.standardStages();

    private ReferenceDocument() {
    }

    /** {@code {stem}\n(A) {opt} (B) {opt} ...}: what every stage's prompt starts with. */
    public static String questionBlock(Question question) {
        return PromptFormat.questionBlock(question);
    }

    /**
     * The full document of {@code question} from its gold stages.
     *
     * @throws IllegalArgumentException when a gold stage text is missing
     */
    public static String render(Question question) {
        return PromptFormat.document(question, STAGES, question.goldStages());
    }

    /** The standard stage named {@code name}. */
    static StageSpec stage(String name) {
        return STAGES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the standard stages have no '" + name + "' stage"));
    }
}
