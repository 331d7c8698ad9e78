// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides whether a repeated warning is logged now: at most once per interval per key, counting what it
 * suppressed meanwhile. One instance per asset (no static state).
 */
final class RateLimiter {

    private final long intervalMillis;
    private final LongSupplier clock;
    private final Map<Object, long[]> state = new ConcurrentHashMap<>();

    RateLimiter(long intervalMillis, LongSupplier clock) {
        this.intervalMillis = intervalMillis;
        this.clock = clock;
    }

    /**
     * @param key what the warning is about (a listener, a driver ...)
     * @return -1 if the warning must be suppressed now, otherwise the number of occurrences suppressed since
     *         the last time it was logged
     */
    long tryAcquire(Object key) {
        long now = clock.getAsLong();
        long[] s = state.computeIfAbsent(key, k -> new long[] {Long.MIN_VALUE, 0});
        synchronized (s) {
            if (s[0] != Long.MIN_VALUE && now - s[0] < intervalMillis) {
                s[1]++;
                return -1;
            }
            long suppressed = s[1];
            s[0] = now;
            s[1] = 0;
            return suppressed;
        }
    }

    /** Forgets a key, for example a listener that left. */
    void forget(Object key) {
        state.remove(key);
    }
}
