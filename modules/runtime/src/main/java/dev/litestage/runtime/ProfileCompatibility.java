package dev.litestage.runtime;

import dev.litestage.model.LanguageModel;
import dev.litestage.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a profile fits a loaded model. A profile's skip masks and thresholds were searched on
 * one model; on another (different weights, even with the same shape) they mean nothing, and on a
 * different shape they may name layers that do not exist. So the fingerprint and the layer and
 * sublayer counts must match, and the architecture, width and vocabulary are compared too.
 */
public final class ProfileCompatibility {

    private ProfileCompatibility() {
    }

    /**
     * The differences between what {@code profile} was made for and {@code model}, empty when it fits.
     * Each reads {@code field: profile X, model Y}.
     */
    public static List<String> differences(ProfileDocument profile, LanguageModel model) {
        ProfileDocument.ModelInfo made = profile.model();
        ModelConfig config = model.config();
        List<String> out = new ArrayList<>();
        compare(out, "fingerprint", made.fingerprint(), model.fingerprint());
        compare(out, "layers", made.layers(), config.layers());
        compare(out, "sublayers", made.sublayers(), config.sublayers());
        compare(out, "architecture", made.architecture(), config.architecture());
        compare(out, "hidden_size", made.hiddenSize(), config.hiddenSize());
        compare(out, "vocab_size", made.vocabSize(), config.vocabSize());
        return out;
    }

    /**
     * Checks that {@code profile} fits {@code model}.
     *
     * @param override run a mismatched profile anyway
     * @return empty when the profile fits; with {@code override}, the warning to show when it does not
     * @throws ProfileMismatchException when it does not fit and {@code override} is false
     */
    public static Optional<String> check(ProfileDocument profile, LanguageModel model, boolean override) {
        List<String> differences = differences(profile, model);
        if (differences.isEmpty()) {
            return Optional.empty();
        }
        String summary = "the profile was made for another model (" + String.join("; ", differences) + ")";
        if (!override) {
            throw new ProfileMismatchException(summary + "; refusing to run it (override with --allow-mismatch)",
                    differences);
        }
        return Optional.of("warning: " + summary + "; running it anyway because the mismatch was allowed");
    }

    private static void compare(List<String> out, String field, Object profile, Object model) {
        if (!profile.equals(model)) {
            out.add(field + ": profile " + profile + ", model " + model);
        }
    }
}
