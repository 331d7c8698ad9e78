// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: the n-th delay is drawn uniformly from [d/2, d] where d = min(max, first ×
 * 2^n). Half the delay is kept so that a fleet reconnecting after a broker restart spreads out without any gateway
 * hammering the broker. Not thread-safe: used on the connect thread only.
 */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempt;

    /**
     * @param firstMillis the first delay's upper bound
     * @param maxMillis the cap, at least {@code firstMillis}
     * @param random uniform numbers in [0, 1)
     */
    Backoff(long firstMillis, long maxMillis, DoubleSupplier random) {
        if (firstMillis <= 0 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("need 0 < first (" + firstMillis + ") <= max (" + maxMillis + ")");
        }
        this.firstMillis = firstMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** @return the next delay in milliseconds */
    long next() {
        long ceiling = firstMillis;
        for (int i = 0; i < attempt && ceiling < maxMillis; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMillis);
        attempt = Math.min(attempt + 1, 62);
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half + 1));
    }

    /** Starts again from the first delay, after a successful connection. */
    void reset() {
        attempt = 0;
    }
}
