// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store.internal;

import java.util.concurrent.TimeUnit;

/**
 * Rate limit for a repeated warning: at most one log line per interval, carrying the number of events since the
 * previous line. Not thread-safe: each instance belongs to one thread.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private long lastLogNanos;
    private boolean logged;
    private long suppressed;

    /** @param interval the least time between two log lines @param unit its unit */
    public LogThrottle(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * Records {@code count} events.
     *
     * @param count events that happened now
     * @return the number of events to report if a line should be logged now, else 0
     */
    public long record(long count) {
        suppressed += count;
        long now = System.nanoTime();
        if (!logged || now - lastLogNanos >= intervalNanos) {
            logged = true;
            lastLogNanos = now;
            long n = suppressed;
            suppressed = 0;
            return n;
        }
        return 0;
    }
}
