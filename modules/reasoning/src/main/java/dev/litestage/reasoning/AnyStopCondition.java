package dev.litestage.reasoning;

import dev.litestage.model.StopCondition;
import java.util.List;

/**
 * Stops when any of its conditions says so. Every condition sees every token, even after another
 * has fired on the same token: the conditions are stateful (windows, decoded text) and each must
 * be able to report afterwards whether it fired.
 */
public final class AnyStopCondition implements StopCondition {

    private final List<StopCondition> conditions;

    private AnyStopCondition(List<StopCondition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /** A condition that stops as soon as any of {@code conditions} does. */
    public static AnyStopCondition of(StopCondition... conditions) {
        return new AnyStopCondition(List.of(conditions));
    }

    @Override
    public boolean shouldStop(int tokenId, float confidence) {
        boolean stop = false;
        for (StopCondition c : conditions) {
            stop |= c.shouldStop(tokenId, confidence);
        }
        return stop;
    }
}
