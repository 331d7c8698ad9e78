// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * A time window in which an anomaly is active: {@code [startMs, startMs + durationMs)}, repeated every {@code
 * periodMs} if that is positive. Times are epoch milliseconds (the driver has already added its schedule origin).
 *
 * @param startMs the start of the first window
 * @param durationMs the length of each window; 0 disables the window
 * @param periodMs the distance between window starts, greater than {@code durationMs}; 0 for a single window
 */
public record Window(long startMs, long durationMs, long periodMs) {

    /** No window at all. */
    public static final Window NONE = new Window(0, 0, 0);

    /**
     * Checks the bounds.
     *
     * @param startMs see {@link #startMs()}
     * @param durationMs see {@link #durationMs()}
     * @param periodMs see {@link #periodMs()}
     */
    public Window {
        if (durationMs < 0 || periodMs < 0) {
            throw new IllegalArgumentException("window duration and period must not be negative");
        }
        if (periodMs > 0 && periodMs <= durationMs) {
            throw new IllegalArgumentException("window period " + periodMs + " must exceed its duration " + durationMs);
        }
    }

    /**
     * @param t a sample time, epoch ms
     * @return whether {@code t} lies in a window
     */
    public boolean contains(long t) {
        if (durationMs == 0 || t < startMs) {
            return false;
        }
        long since = t - startMs;
        return (periodMs == 0 ? since : since % periodMs) < durationMs;
    }

    /**
     * @param t a sample time inside a window ({@link #contains(long)})
     * @return the start time of that window
     */
    public long startOf(long t) {
        return periodMs == 0 ? startMs : t - (t - startMs) % periodMs;
    }
}
