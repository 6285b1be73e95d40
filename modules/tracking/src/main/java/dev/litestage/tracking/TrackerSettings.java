package dev.litestage.tracking;

import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link SearchTracker} deals with a slow or failing back end.
 *
 * @param requestTimeout how long one request to a tracking server may take before the server
 *                       counts as unavailable
 * @param initialBackoff after a failure, how long operations only go to the outbox before the
 *                       back end is tried again; doubled after each further failure
 * @param maxBackoff     the longest back-off
 * @param warnings       receives the (rare) warnings meant for the user: the back end became
 *                       unavailable, an operation was refused, work is left in the outbox
 */
public record TrackerSettings(Duration requestTimeout, Duration initialBackoff, Duration maxBackoff,
                              Consumer<String> warnings) {

    public TrackerSettings {
        Objects.requireNonNull(warnings, "warnings");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("back-off must satisfy 0 <= initial <= max, was "
                    + initialBackoff + " and " + maxBackoff);
        }
    }

    /** 10 s per request; back-off from 15 s up to 5 min; warnings to the slf4j logger of {@link SearchTracker}. */
    public static TrackerSettings defaults() {
        return new TrackerSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofMinutes(5),
                LoggerFactory.getLogger(SearchTracker.class)::warn);
    }

    public TrackerSettings withRequestTimeout(Duration timeout) {
        return new TrackerSettings(timeout, initialBackoff, maxBackoff, warnings);
    }

    public TrackerSettings withBackoff(Duration initial, Duration max) {
        return new TrackerSettings(requestTimeout, initial, max, warnings);
    }

    public TrackerSettings withWarnings(Consumer<String> listener) {
        return new TrackerSettings(requestTimeout, initialBackoff, maxBackoff, listener);
    }
}
