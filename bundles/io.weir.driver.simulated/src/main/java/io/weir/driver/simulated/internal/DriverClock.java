// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import java.util.function.LongSupplier;

/**
 * The driver's time, in epoch milliseconds. In real time (no clock start, time scale 1) it is the wall clock.
 * Otherwise it starts at the configured clock start (or the wall clock at activation) and advances {@code
 * timeScale} milliseconds per elapsed real millisecond, measured with the monotonic clock. Thread-safe.
 */
final class DriverClock {

    private final LongSupplier wallMs;
    private final LongSupplier nanos;
    private final boolean realTime;
    private final long startMs;
    private final long startNanos;
    private final double scale;

    /**
     * @param clockStartMs 0 for the wall clock, else the epoch ms to start at
     * @param timeScale simulated ms per real ms, positive
     * @param wallMs the wall clock ({@code System::currentTimeMillis})
     * @param nanos the monotonic clock ({@code System::nanoTime})
     */
    DriverClock(long clockStartMs, double timeScale, LongSupplier wallMs, LongSupplier nanos) {
        this.wallMs = wallMs;
        this.nanos = nanos;
        this.scale = timeScale;
        this.realTime = clockStartMs == 0 && timeScale == 1.0;
        this.startMs = clockStartMs > 0 ? clockStartMs : wallMs.getAsLong();
        this.startNanos = nanos.getAsLong();
    }

    /** @return the driver's current time, epoch ms */
    long now() {
        if (realTime) {
            return wallMs.getAsLong();
        }
        return startMs + (long) Math.floor((nanos.getAsLong() - startNanos) * scale / 1e6);
    }

    /** @return the driver time at activation, epoch ms */
    long startMs() {
        return startMs;
    }

    /** @return whether the driver time is the wall clock */
    boolean isRealTime() {
        return realTime;
    }

    /**
     * @param aheadMs driver milliseconds, not negative
     * @return the real nanoseconds it takes the driver's clock to advance that much
     */
    long realNanos(long aheadMs) {
        return (long) Math.ceil(aheadMs * 1e6 / scale);
    }
}
