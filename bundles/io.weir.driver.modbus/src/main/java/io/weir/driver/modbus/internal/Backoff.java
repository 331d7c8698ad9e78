// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/**
 * Capped exponential backoff between connection attempts: after the n-th consecutive failure the next attempt
 * waits {@code min(initial * 2^(n-1), max)} ms. Times are passed in (monotonic milliseconds), so the class is
 * pure. Not thread-safe: used under the driver's device lock.
 */
final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private int failures;
    private long nextDelayMs;
    private long notBeforeMs;

    /**
     * @param initialMs the wait after the first failure, &gt; 0
     * @param maxMs the longest wait, &ge; initialMs
     */
    Backoff(long initialMs, long maxMs) {
        if (initialMs <= 0 || maxMs < initialMs) {
            throw new IllegalArgumentException("backoff initial " + initialMs + " ms, max " + maxMs + " ms");
        }
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.nextDelayMs = initialMs;
    }

    /**
     * Records a failed attempt.
     *
     * @param nowMs the current monotonic time
     * @return the wait before the next attempt, ms
     */
    long failed(long nowMs) {
        long delay = nextDelayMs;
        failures++;
        notBeforeMs = nowMs + delay;
        nextDelayMs = Math.min(maxMs, delay * 2);
        return delay;
    }

    /** Records a successful exchange: the next failure waits the initial delay again. */
    void succeeded() {
        failures = 0;
        nextDelayMs = initialMs;
        notBeforeMs = 0;
    }

    /** @return {@code true} if an attempt is allowed now: no failure, or the wait is over */
    boolean mayAttempt(long nowMs) {
        return failures == 0 || nowMs >= notBeforeMs;
    }

    /** @return ms until the next attempt is allowed, 0 if allowed now */
    long remainingMs(long nowMs) {
        return mayAttempt(nowMs) ? 0 : notBeforeMs - nowMs;
    }

    /** @return consecutive failures since the last success */
    int failures() {
        return failures;
    }
}
