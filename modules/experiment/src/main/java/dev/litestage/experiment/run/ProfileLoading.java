package dev.litestage.experiment.run;

import dev.litestage.model.LanguageModel;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageSpec;
import dev.litestage.runtime.ProfileCompatibility;
import dev.litestage.runtime.ProfileDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads an exported profile and checks it against the model and stages it is used with. */
public final class ProfileLoading {

    private ProfileLoading() {
    }

    /**
     * The profile at {@code file} as a reasoning profile for {@code model} and {@code stages}.
     *
     * @param allowMismatch accept a profile exported for another model (warns instead of failing)
     */
    public static ReasoningProfile load(Path file, LanguageModel model, List<StageSpec> stages, boolean allowMismatch,
                                        RunListener listener) {
        ProfileDocument doc = ProfileDocument.read(file);
        Optional<String> warning = ProfileCompatibility.check(doc, model, allowMismatch);
        warning.ifPresent(w -> listener.say("warning: " + w));
        List<String> names = stages.stream().map(StageSpec::name).toList();
        if (!doc.stageNames().equals(names)) {
            throw new IllegalArgumentException(file + ": stages " + doc.stageNames() + " do not match the experiment's stages "
                    + names);
        }
        return doc.toReasoningProfile(model.config().layers());
    }
}
