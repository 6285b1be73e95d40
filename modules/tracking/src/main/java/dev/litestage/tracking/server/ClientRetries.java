package dev.litestage.tracking.server;

import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.MlflowHostCredsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Turns off the retries inside {@code MlflowClient} 2.17.2. Its HTTP caller repeats any failed
 * request twice at once (logging each as "(Rate limit exceeded)" whatever the status, so a missing
 * experiment's 404 looks like throttling) and sleeps for up to 60 s on HTTP 429; worse, repeating a
 * {@code runs/create} whose first answer was lost creates a second run. The tracker has its own
 * retry policy (outbox, back-off, idempotent replay), so the client should make exactly one attempt.
 *
 * <p>The client offers no public setting for this: its package-private caller
 * {@code MlflowHttpCaller(credentials, maxRateLimitIntervalMillis, rateLimitRetrySleepInitMillis,
 * maxRetryAttempts)} is built by reflection with one attempt and no 429 wait, and put in place of
 * the default one. When a future client version lacks that constructor or field, the client is left
 * as it is and the tracker still works, only with the client's retries.
 */
final class ClientRetries {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRetries.class);

    private ClientRetries() {
    }

    /**
     * Makes {@code client} (built from {@code credentials}) try each request once.
     *
     * @return whether the client could be configured
     */
    static boolean disable(MlflowClient client, MlflowHostCredsProvider credentials) {
        try {
            Class<?> callerClass = Class.forName("org.mlflow.tracking.MlflowHttpCaller");
            Constructor<?> constructor = callerClass.getDeclaredConstructor(
                    MlflowHostCredsProvider.class, int.class, int.class, int.class);
            constructor.setAccessible(true);
            Object singleAttempt = constructor.newInstance(credentials, 0, 0, 1);
            Field field = MlflowClient.class.getDeclaredField("httpCaller");
            field.setAccessible(true);
            field.set(client, singleAttempt);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot turn off MlflowClient's own retries ({}); keeping them", e.toString());
            return false;
        }
    }
}
