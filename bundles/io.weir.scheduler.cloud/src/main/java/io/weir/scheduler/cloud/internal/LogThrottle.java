// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.Arrays;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Lets one log line of a kind through per interval and counts the ones it holds back, so a misbehaving cloud service
 * cannot flood the log. Thread-safe.
 */
final class LogThrottle {

    private final long intervalNanos;
    private final LongSupplier nanos;
    private boolean started;
    private long next;
    private long suppressed;

    LogThrottle(long intervalMs, LongSupplier nanos) {
        this.intervalNanos = intervalMs * 1_000_000L;
        this.nanos = nanos;
    }

    /**
     * @return {@code -1} if the line must be dropped; otherwise how many lines were dropped since the last one that
     *         went through
     */
    synchronized long admit() {
        long now = nanos.getAsLong();
        if (started && now - next < 0) {
            suppressed++;
            return -1;
        }
        started = true;
        next = now + intervalNanos;
        long n = suppressed;
        suppressed = 0;
        return n;
    }

    /**
     * Logs at WARN unless the throttle holds the line back; the first line after held-back ones says how many.
     *
     * @param log the logger
     * @param format the SLF4J message format
     * @param args its arguments
     */
    void warn(Logger log, String format, Object... args) {
        long n = admit();
        if (n > 0) {
            Object[] more = Arrays.copyOf(args, args.length + 1);
            more[args.length] = n;
            log.warn(format + " ({} similar messages suppressed)", more);
        } else if (n == 0) {
            log.warn(format, args);
        }
    }
}
