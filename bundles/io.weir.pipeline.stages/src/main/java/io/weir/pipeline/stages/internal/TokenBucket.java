// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

/**
 * A token bucket in its virtual-scheduling form (GCRA): {@code rate} tokens per second, at most {@code burst}
 * stored, full at the start. Times are milliseconds as doubles, so any rate works without rounding tokens. A time
 * older than a previous one refills nothing. Not thread-safe.
 */
final class TokenBucket {

    private final double intervalMs;
    private final double toleranceMs;
    private boolean started;
    /** The theoretical arrival time: when the bucket would be empty with one more token taken. */
    private double tat;

    TokenBucket(double ratePerSecond, int burst) {
        this.intervalMs = 1000.0 / ratePerSecond;
        this.toleranceMs = (burst - 1) * intervalMs;
    }

    /** @return whether a token was available at time {@code nowMs}; if so, it is taken */
    boolean tryTake(double nowMs) {
        if (!started) {
            started = true;
            tat = nowMs;
        }
        if (nowMs < tat - toleranceMs) {
            return false;
        }
        tat = Math.max(tat, nowMs) + intervalMs;
        return true;
    }
}
