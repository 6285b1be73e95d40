package dev.litestage.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.litestage.reasoning.fake.ScriptedLanguageModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileCompatibilityTest {

    private final ProfileDocument profile = Profiles.document(Profiles.model());

    @Test
    void theModelItWasMadeForFits() {
        assertEquals(List.of(), ProfileCompatibility.differences(profile, Profiles.model()));
        assertEquals(Optional.empty(), ProfileCompatibility.check(profile, Profiles.model(), false));
    }

    @Test
    void anotherFingerprintIsRefused() {
        ScriptedLanguageModel other = new ScriptedLanguageModel(Profiles.LAYERS, "7e".repeat(32));
        ProfileMismatchException e = assertThrows(ProfileMismatchException.class,
                () -> ProfileCompatibility.check(profile, other, false));
        assertEquals(List.of("fingerprint: profile " + Profiles.FINGERPRINT + ", model " + "7e".repeat(32)),
                e.differences());
        assertTrue(e.getMessage().contains("refusing to run it"), e.getMessage());
        assertThrows(ProfileMismatchException.class, () -> RuntimeDecoder.open(other, profile, false));
    }

    @Test
    void anotherLayerCountIsRefused() {
        ScriptedLanguageModel deeper = new ScriptedLanguageModel(6, Profiles.FINGERPRINT);
        ProfileMismatchException e = assertThrows(ProfileMismatchException.class,
                () -> ProfileCompatibility.check(profile, deeper, false));
        assertEquals(List.of("layers: profile 4, model 6", "sublayers: profile 8, model 12"), e.differences());
        assertThrows(ProfileMismatchException.class, () -> RuntimeDecoder.open(deeper, profile, false));
    }

    @Test
    void anOverrideRunsItWithAWarning() {
        ScriptedLanguageModel deeper = Profiles.model();
        ScriptedLanguageModel other = new ScriptedLanguageModel(6, "7e".repeat(32));
        Optional<String> warning = ProfileCompatibility.check(profile, other, true);
        assertTrue(warning.isPresent());
        assertTrue(warning.get().startsWith("warning: the profile was made for another model (fingerprint: "),
                warning.get());
        assertTrue(warning.get().contains("layers: profile 4, model 6"), warning.get());

        RuntimeDecoder decoder = RuntimeDecoder.open(other, profile, true);
        assertEquals(warning, decoder.warning());
        assertEquals(Optional.empty(), RuntimeDecoder.open(deeper, profile, false).warning());
    }

    @Test
    void anOverrideCannotRunLayersTheModelLacks() {
        ScriptedLanguageModel shallower = new ScriptedLanguageModel(3, Profiles.FINGERPRINT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeDecoder.open(shallower, profile, true));
        assertEquals("stages[1].skip_mlp[1]: layer 3 outside 0..2", e.getMessage());
    }
}
