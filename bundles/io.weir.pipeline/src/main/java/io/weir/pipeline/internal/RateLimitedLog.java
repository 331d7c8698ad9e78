// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import org.slf4j.Logger;

/** Logs a warning at most once per interval and says how many were suppressed meanwhile. Thread-safe. */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalMillis;
    private long next;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalMillis = intervalMillis;
    }

    synchronized void warn(String format, Object... args) {
        long now = System.currentTimeMillis();
        if (now < next) {
            suppressed++;
            return;
        }
        next = now + intervalMillis;
        if (suppressed > 0) {
            log.warn("({} similar warnings suppressed)", suppressed);
            suppressed = 0;
        }
        log.warn(format, args);
    }
}
