package dev.litestage.runtime;

import java.util.Objects;

/**
 * How a {@link ProfileService} listens.
 *
 * @param bindAddress  the interface to bind: {@value #LOOPBACK} (default, local clients only) or
 *                     {@value #ALL_INTERFACES}
 * @param maxBodyBytes the largest request body accepted; larger ones get 413
 * @param threads      request threads; generation itself is serialized by the decoder, the
 *                     threads keep cheap requests (health, profile, rejections) answered meanwhile
 */
public record ServiceOptions(String bindAddress, int maxBodyBytes, int threads) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_THREADS = 4;

    public ServiceOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 1, was " + maxBodyBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
    }

    /** Loopback only, 64 KiB bodies, 4 threads. */
    public static ServiceOptions defaults() {
        return new ServiceOptions(LOOPBACK, DEFAULT_MAX_BODY_BYTES, DEFAULT_THREADS);
    }

    /** These options listening on every interface, for serving other machines. */
    public ServiceOptions onAllInterfaces() {
        return new ServiceOptions(ALL_INTERFACES, maxBodyBytes, threads);
    }

    public ServiceOptions withMaxBodyBytes(int bytes) {
        return new ServiceOptions(bindAddress, bytes, threads);
    }

    public ServiceOptions withThreads(int count) {
        return new ServiceOptions(bindAddress, maxBodyBytes, count);
    }
}
