// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

/**
 * The sampling grid of one asset: ticks at {@code first + k * period}. When a sample takes longer than the
 * period, the ticks that passed meanwhile are skipped (and counted) instead of being run back to back; the
 * latest passed tick still runs, late, so the asset samples again at once and then keeps the original grid.
 * Pure logic on nanosecond times; used by the asset's thread only.
 */
final class Cadence {

    private final long period;
    private long due;
    private long skipped;

    /**
     * @param periodNanos the sampling period, positive
     * @param first the time of the first tick
     */
    Cadence(long periodNanos, long first) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        this.period = periodNanos;
        this.due = first;
    }

    /** @return the time the current tick is (or was) due */
    long due() {
        return due;
    }

    /**
     * Moves to the next tick after the current one has run.
     *
     * @param now the current time
     * @return the time the next tick is due; at most {@code now} when it is already late
     */
    long advance(long now) {
        long k = Math.max(1, (now - due) / period);
        skipped += k - 1;
        due += k * period;
        return due;
    }

    /** @return how many ticks were skipped so far because samples overran the period */
    long skipped() {
        return skipped;
    }
}
