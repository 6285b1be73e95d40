package dev.litestage.search.trial;

import dev.litestage.model.SkipMask;
import dev.litestage.reasoning.EarlyExit;
import dev.litestage.reasoning.ReasoningProfile;
import dev.litestage.reasoning.StageProfile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One point of the search space: for every stage, in pipeline order, the sublayers it skips and
 * its early-exit setting.
 *
 * <p>Two configurations are equal exactly when their {@link #key() keys} are equal; the key is the
 * identity used by the trial cache and the journal. A disabled early exit is normalised to
 * {@link EarlyExit#OFF}, since its window and threshold have no effect.
 *
 * @param stages one entry per stage, in pipeline order; every mask covers the same number of layers
 */
public record TrialConfig(List<StageProfile> stages) {

    private static final String EARLY_EXIT = "ee";

    public TrialConfig {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a trial configuration needs at least one stage");
        }
        List<StageProfile> normalised = new ArrayList<>(stages.size());
        Set<String> seen = new HashSet<>();
        int layers = stages.get(0).mask().layers();
        for (StageProfile s : stages) {
            checkStageName(s.stage());
            if (!seen.add(s.stage())) {
                throw new IllegalArgumentException("stage '" + s.stage() + "' appears twice in the trial configuration");
            }
            if (s.mask().layers() != layers) {
                throw new IllegalArgumentException("stage '" + s.stage() + "': mask covers " + s.mask().layers()
                        + " layers, the first stage's covers " + layers);
            }
            normalised.add(s.earlyExit().enabled() ? s : new StageProfile(s.stage(), s.mask(), EarlyExit.OFF));
        }
        stages = List.copyOf(normalised);
    }

    /** A configuration from a reasoning profile. */
    public static TrialConfig of(ReasoningProfile profile) {
        return new TrialConfig(profile.stages());
    }

    /** Every stage runs {@code masks.get(i)} with the same early exit. */
    public static TrialConfig of(List<String> stageNames, List<SkipMask> masks, EarlyExit earlyExit) {
        if (stageNames.size() != masks.size()) {
            throw new IllegalArgumentException(stageNames.size() + " stages but " + masks.size() + " masks");
        }
        List<StageProfile> profiles = new ArrayList<>(stageNames.size());
        for (int i = 0; i < stageNames.size(); i++) {
            profiles.add(new StageProfile(stageNames.get(i), masks.get(i), earlyExit));
        }
        return new TrialConfig(profiles);
    }

    /** The reasoning profile this configuration runs. */
    public ReasoningProfile toProfile() {
        return new ReasoningProfile(stages);
    }

    /** Number of layers every mask covers. */
    public int layers() {
        return stages.get(0).mask().layers();
    }

    /** The stage names in pipeline order. */
    public List<String> stageNames() {
        return stages.stream().map(StageProfile::stage).toList();
    }

    /** The setting of one stage. */
    public StageProfile stage(String name) {
        return stages.stream().filter(s -> s.stage().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("trial configuration has no stage '" + name + "'"));
    }

    /** Per stage, in pipeline order, the number of skipped sublayers. */
    public int[] skippedCounts() {
        return stages.stream().mapToInt(s -> s.mask().skippedCount()).toArray();
    }

    /** This configuration with {@code stage} running {@code mask}; its early exit is kept. */
    public TrialConfig withMask(String stage, SkipMask mask) {
        StageProfile current = stage(stage);
        List<StageProfile> changed = stages.stream()
                .map(s -> s == current ? new StageProfile(stage, mask, s.earlyExit()) : s).toList();
        return new TrialConfig(changed);
    }

    /** This configuration with {@code stage} running {@code earlyExit}; its mask is kept. */
    public TrialConfig withEarlyExit(String stage, EarlyExit earlyExit) {
        StageProfile current = stage(stage);
        List<StageProfile> changed = stages.stream()
                .map(s -> s == current ? new StageProfile(stage, s.mask(), earlyExit) : s).toList();
        return new TrialConfig(changed);
    }

    /**
     * The early exit shared by all stages as its key token ({@code off}, {@code on(4,0.35)}), or,
     * when stages differ, {@code stage:token} pairs joined by {@code ;}.
     */
    public String earlyExitToken() {
        if (uniformEarlyExit()) {
            return token(stages.get(0).earlyExit());
        }
        List<String> parts = new ArrayList<>();
        for (StageProfile s : stages) {
            parts.add(s.stage() + ":" + token(s.earlyExit()));
        }
        return String.join(";", parts);
    }

    /**
     * The stable identity of this configuration, e.g.
     * {@code recall=attn:1;mlp:2|analyze=none|summarize=mlp:7|ee=on(4,0.35)}: stages in pipeline
     * order with their skip specs, then the early exit when all stages share it; otherwise each
     * stage carries its own as {@code stage=spec@on(4,0.35)}. {@link #parse} reads it back.
     */
    public String key() {
        boolean uniform = uniformEarlyExit();
        List<String> parts = new ArrayList<>(stages.size() + 1);
        for (StageProfile s : stages) {
            parts.add(s.stage() + "=" + s.mask().toSpec() + (uniform ? "" : "@" + token(s.earlyExit())));
        }
        if (uniform) {
            parts.add(EARLY_EXIT + "=" + token(stages.get(0).earlyExit()));
        }
        return String.join("|", parts);
    }

    /**
     * Reads a {@link #key()} back.
     *
     * @param key    the key
     * @param layers the number of layers its masks cover
     * @throws IllegalArgumentException naming the offending part when the key is malformed
     */
    public static TrialConfig parse(String key, int layers) {
        String[] parts = key.trim().split("\\|");
        EarlyExit shared = null;
        List<String[]> stageParts = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("trial key '" + key + "': part '" + part
                        + "': expected STAGE=SKIPSPEC or ee=off|on(WINDOW,THRESHOLD)");
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals(EARLY_EXIT)) {
                if (i != parts.length - 1) {
                    throw new IllegalArgumentException("trial key '" + key + "': part '" + part
                            + "': the shared early exit must come last");
                }
                shared = parseEarlyExit(key, value);
            } else {
                stageParts.add(new String[] {name, value});
            }
        }
        List<StageProfile> stages = new ArrayList<>();
        for (String[] sp : stageParts) {
            String spec = sp[1];
            EarlyExit earlyExit = shared;
            int at = spec.indexOf('@');
            if (at >= 0) {
                if (shared != null) {
                    throw new IllegalArgumentException("trial key '" + key + "': stage '" + sp[0]
                            + "' has its own early exit although the key ends with a shared one");
                }
                earlyExit = parseEarlyExit(key, spec.substring(at + 1));
                spec = spec.substring(0, at);
            }
            if (earlyExit == null) {
                throw new IllegalArgumentException("trial key '" + key + "': stage '" + sp[0] + "' has no early-exit setting");
            }
            SkipMask mask;
            try {
                mask = SkipMask.parse(spec, layers);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trial key '" + key + "': stage '" + sp[0] + "': " + e.getMessage(), e);
            }
            stages.add(new StageProfile(sp[0], mask, earlyExit));
        }
        return new TrialConfig(stages);
    }

    private boolean uniformEarlyExit() {
        EarlyExit first = stages.get(0).earlyExit();
        return stages.stream().allMatch(s -> s.earlyExit().equals(first));
    }

    private static String token(EarlyExit e) {
        return e.enabled() ? "on(" + e.window() + "," + e.threshold() + ")" : "off";
    }

    private static EarlyExit parseEarlyExit(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return EarlyExit.OFF;
        }
        if (t.startsWith("on(") && t.endsWith(")")) {
            String[] args = t.substring(3, t.length() - 1).split(",");
            if (args.length == 2) {
                try {
                    return EarlyExit.of(Integer.parseInt(args[0].trim()), Double.parseDouble(args[1].trim()));
                } catch (NumberFormatException e) {
                    // reported below with the whole token
                }
            }
        }
        throw new IllegalArgumentException("trial key '" + key + "': early exit '" + text
                + "': expected off or on(WINDOW,THRESHOLD) such as on(4,0.35)");
    }

    private static void checkStageName(String name) {
        if (name.isBlank() || name.equals(EARLY_EXIT) || name.chars().anyMatch(c -> c == '|' || c == '='
                || c == '@' || c == ':' || c == ';' || c == ',' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("stage name '" + name + "' cannot appear in a trial key: it must be"
                    + " non-blank, not 'ee', and free of whitespace and | = @ : ; ,");
        }
    }

    @Override
    public String toString() {
        return key();
    }
}
