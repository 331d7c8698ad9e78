// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

/**
 * A token bucket: {@code rate} tokens per second, at most {@code burst} saved up. Time is passed in, so the logic is
 * testable without clocks. Not thread-safe: used on the sender thread only.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /**
     * @param ratePerSecond tokens added per second, positive
     * @param burst the bucket size, at least 1
     * @param nowNanos the current time
     */
    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, were " + ratePerSecond + ", " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /**
     * Takes one token if there is one.
     *
     * @param nowNanos the current time
     * @return 0 if a token was taken, otherwise the nanoseconds until one is available
     */
    long tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
