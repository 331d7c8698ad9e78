// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts occurrences of one kind of data problem in one stage and logs it at WARN at most once a minute (wall
 * time) with the running count (style: recoverable faults are logged rate-limited). Used on the stage's thread;
 * {@link #count()} may be read from any thread.
 */
final class ThrottledWarning {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottledWarning.class);
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String where;
    private final String what;
    private final LongSupplier nanoClock;
    private volatile long count;
    private long lastLogNanos;

    /**
     * @param where the stage label
     * @param what what happened, plural, for example {@code "records skipped"}
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    ThrottledWarning(String where, String what, LongSupplier nanoClock) {
        this.where = where;
        this.what = what;
        this.nanoClock = nanoClock;
    }

    /** Counts one occurrence and logs it if the last log line is a minute old. */
    void occurred(String detail) {
        long now = nanoClock.getAsLong();
        long n = count + 1;
        count = n;
        if (n == 1 || now - lastLogNanos >= INTERVAL_NANOS) {
            lastLogNanos = now;
            LOG.warn("{}: {} so far: {} (last: {})", where, what, n, detail);
        }
    }

    long count() {
        return count;
    }
}
