// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/**
 * Rate limit for WARN logs of recurring device faults: at most one per interval, counting the ones suppressed in
 * between. {@link #reset()} (after a recovery) lets the next fault be logged at once. Pure (times are passed in);
 * not thread-safe, used under the driver's device lock.
 */
final class WarnLimiter {

    private final long intervalMs;
    private boolean logged;
    private long lastMs;
    private int suppressed;

    /** @param intervalMs the least time between two WARN lines, ms */
    WarnLimiter(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /**
     * @param nowMs the current monotonic time
     * @return -1 if this occurrence should not be logged at WARN; otherwise the number of occurrences suppressed
     *         since the last logged one (0 or more), and the interval restarts
     */
    int tryWarn(long nowMs) {
        if (logged && nowMs - lastMs < intervalMs) {
            suppressed++;
            return -1;
        }
        int count = suppressed;
        logged = true;
        lastMs = nowMs;
        suppressed = 0;
        return count;
    }

    /** Forgets the last warning, so that the next occurrence is logged at once. */
    void reset() {
        logged = false;
        suppressed = 0;
    }
}
