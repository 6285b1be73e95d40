package dev.litestage.benchmark.eval;

import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.litestage.benchmark.reference.ReferenceDocument;
import dev.litestage.reasoning.MultiStagePipeline;
import dev.litestage.reasoning.Question;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the reference benchmark trains on is byte for byte what the pipeline prompts with: a
 * model that reproduces its training documents sees, at every stage, a prefix of the document.
 */
class PromptAgreementTest {

    @Test
    void everyPromptOfAGoldRunIsAPrefixOfTheTrainingDocument() {
        ScriptedLanguageModel model = EvaluatorTest.model();
        Question q = EvaluatorTest.QUESTIONS.get(0);
        new MultiStagePipeline(model, MultiStagePipeline.standardStages()).reason(q, EvaluatorTest.FULL);

        String document = ReferenceDocument.render(q);
        List<ScriptedLanguageModel.Call> calls = model.calls();
        assertEquals(6, calls.size(), "recall, four analysis pieces, summarize");
        for (ScriptedLanguageModel.Call call : calls) {
            String prompt = call.prompt();
            assertEquals(document.substring(0, prompt.length()), prompt);
            assertEquals(document.substring(prompt.length(), prompt.length() + call.generated().length()), call.generated());
        }
        ScriptedLanguageModel.Call last = calls.get(calls.size() - 1);
        assertEquals(document, last.prompt() + last.generated());
    }
}
