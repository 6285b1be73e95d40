package dev.litestage.runtime;

import java.util.Objects;

/**
 * How a {@link ProfileService} listens.
 *
 * @param bindAddress       the interface to bind: {@value #LOOPBACK} (default, local clients only)
 *                          or {@value #ALL_INTERFACES}
 * @param maxBodyBytes      the largest request body accepted; larger ones get 413, checked against
 *                          Content-Length before anything is read and against the bytes read
 * @param threads           HTTP threads; they parse and answer, never wait for the model (the
 *                          decoder's own thread generates), so a few serve many connections
 * @param idleTimeoutMillis a connection that sends nothing for this long while its request is
 *                          being read, or between requests, is closed: a stalled client holds a
 *                          socket for at most this long and never a thread
 */
public record ServiceOptions(String bindAddress, int maxBodyBytes, int threads, int idleTimeoutMillis) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_THREADS = 8;
    public static final int DEFAULT_IDLE_TIMEOUT_MILLIS = 5_000;

    public ServiceOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
        }
        if (threads < 2) {
            throw new IllegalArgumentException("threads must be >= 2, was " + threads);
        }
        if (idleTimeoutMillis < 1) {
            throw new IllegalArgumentException("idleTimeoutMillis must be >= 1, was " + idleTimeoutMillis);
        }
    }

    /** Loopback only, 64 KiB bodies, 8 threads, 5 s idle time-out. */
    public static ServiceOptions defaults() {
        return new ServiceOptions(LOOPBACK, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS, DEFAULT_IDLE_TIMEOUT_MILLIS);
    }

    /** These options listening on every interface, for serving other machines. */
    public ServiceOptions onAllInterfaces() {
        return new ServiceOptions(ALL_INTERFACES, maxBodyBytes, threads, idleTimeoutMillis);
    }

    public ServiceOptions withMaxBodyBytes(int bytes) {
        return new ServiceOptions(bindAddress, bytes, threads, idleTimeoutMillis);
    }

    public ServiceOptions withThreads(int count) {
        return new ServiceOptions(bindAddress, maxBodyBytes, count, idleTimeoutMillis);
    }

    public ServiceOptions withIdleTimeoutMillis(int millis) {
        return new ServiceOptions(bindAddress, maxBodyBytes, threads, millis);
    }
}
