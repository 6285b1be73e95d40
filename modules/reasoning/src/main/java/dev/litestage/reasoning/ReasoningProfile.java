package dev.litestage.reasoning;

import dev.litestage.model.SkipMask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Per-stage skip masks and early-exit settings: one configuration of the pipeline. The export
 * format (versioned JSON) lives in the runtime module; this is the plain value.
 *
 * @param stages one entry per stage, in stage order
 */
public record ReasoningProfile(List<StageProfile> stages) {

    public ReasoningProfile {
        stages = List.copyOf(stages);
        Map<String, StageProfile> seen = new LinkedHashMap<>();
        for (StageProfile s : stages) {
            if (seen.put(s.stage(), s) != null) {
                throw new IllegalArgumentException("stage '" + s.stage() + "' appears twice in the profile");
            }
        }
    }

    /** The full model for every stage: no skipping, no early exit. */
    public static ReasoningProfile full(List<StageSpec> specs, int layers) {
        return new ReasoningProfile(specs.stream()
                .map(s -> new StageProfile(s.name(), SkipMask.none(layers), EarlyExit.OFF)).toList());
    }

    /** The setting for {@code stage}. */
    public StageProfile stage(String stage) {
        return stages.stream().filter(s -> s.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("profile has no stage '" + stage + "'"));
    }
}
