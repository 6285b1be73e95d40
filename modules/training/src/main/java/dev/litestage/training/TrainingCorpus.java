package dev.litestage.training;

import dev.litestage.reasoning.Question;
import java.util.List;

/**
 * The texts a model is trained on, the texts its closed vocabulary must also cover, and the
 * held-out questions its quality is checked on.
 *
 * @param documents       training texts, each one sequence ({@code BOS text EOS}), in a fixed order
 * @param extraVocabulary further texts whose pieces join the vocabulary without being trained on
 *                        (held-out questions, so that every word a prompt may contain has an id)
 * @param heldOut         questions with gold stages that the finished model is checked on
 *                        ({@link ModelQualityCheck}); may be empty
 */
public record TrainingCorpus(List<String> documents, List<String> extraVocabulary, List<Question> heldOut) {

    public TrainingCorpus {
        documents = List.copyOf(documents);
        extraVocabulary = List.copyOf(extraVocabulary);
        heldOut = List.copyOf(heldOut);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("a training corpus needs at least one document");
        }
    }

    /** The tokenizer of this corpus: every piece of every document and extra text. */
    public WordLevelTokenizer tokenizer() {
        return new WordLevelTokenizerBuilder().addAll(documents).addAll(extraVocabulary).build();
    }
}
