package dev.litestage.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The per-stage bar values and labels that the stage charts share. */
final class StageBars {

    private StageBars() {
    }

    /** The values of a per-stage map in stage order. */
    static List<Double> values(List<String> stages, Map<String, Double> byStage) {
        return stages.stream().map(byStage::get).toList();
    }

    /**
     * The relative change from {@code full} to {@code profile} as a signed percentage, e.g.
     * {@code +12.5%} or {@code -40.0%}; {@code n/a} when the full value is zero.
     */
    static String change(double full, double profile) {
        if (full == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (profile - full) / full);
    }
}
