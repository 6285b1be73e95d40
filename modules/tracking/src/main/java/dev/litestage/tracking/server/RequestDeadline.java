package dev.litestage.tracking.server;

import dev.litestage.tracking.BackendUnavailableException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long one call into {@code MlflowClient} may take. The client's HTTP connections have
 * no socket time-out and it sleeps up to 60 s on HTTP 429, none of which it lets a caller
 * configure, so each call runs on a daemon thread and the caller stops waiting after the time-out.
 * A call that overran keeps its thread until the server answers or {@link #close()} (with the
 * client's own {@code close()}) drops the connection; the tracker's back-off keeps such calls rare.
 */
final class RequestDeadline implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "litestage-mlflow-call-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    RequestDeadline(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request time-out must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * The result of {@code call}, or its own exception.
     *
     * @throws BackendUnavailableException when it has not finished within the time-out
     */
    <T> T call(String what, Callable<T> call) throws Exception {
        Future<T> future = executor.submit(call);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new BackendUnavailableException(what + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new RuntimeException(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException(what + ": interrupted while waiting for the server", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
