// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * Concept drift: from {@code startMs} on, the signal's amplitude is multiplied by {@code gain}, {@code offset} is
 * added to its offset, and its frequency is multiplied by {@code frequencyFactor}. With a ramp, each change grows
 * linearly from nothing at {@code startMs} to its full size at {@code startMs + rampMs}; the phase stays
 * continuous because the phase is the integral of the (changing) frequency.
 *
 * @param startMs when the drift begins, epoch ms; {@link Long#MAX_VALUE} for never
 * @param rampMs how long the change takes; 0 for a step change
 * @param gain amplitude factor after the ramp (1 = unchanged)
 * @param offset offset change after the ramp (0 = unchanged)
 * @param frequencyFactor frequency factor after the ramp (1 = unchanged)
 */
public record Drift(long startMs, long rampMs, double gain, double offset, double frequencyFactor) {

    /** No drift. */
    public static final Drift NONE = new Drift(Long.MAX_VALUE, 0, 1, 0, 1);

    /**
     * Checks the bounds.
     *
     * @param startMs see {@link #startMs()}
     * @param rampMs see {@link #rampMs()}
     * @param gain see {@link #gain()}
     * @param offset see {@link #offset()}
     * @param frequencyFactor see {@link #frequencyFactor()}
     */
    public Drift {
        if (rampMs < 0) {
            throw new IllegalArgumentException("drift ramp must not be negative");
        }
        if (!Double.isFinite(gain) || !Double.isFinite(offset) || !Double.isFinite(frequencyFactor)
                || frequencyFactor < 0) {
            throw new IllegalArgumentException("drift factors must be finite, the frequency factor not negative");
        }
    }

    /**
     * @param t a sample time, epoch ms
     * @return how far the drift has progressed: 0 before the start, 1 after the ramp, linear in between
     */
    public double progress(long t) {
        if (t < startMs) {
            return 0;
        }
        long since = t - startMs;
        return since >= rampMs ? 1 : (double) since / rampMs;
    }

    /**
     * The extra time the signal's phase clock has run because of the frequency change, divided by {@code
     * frequencyFactor - 1}: the integral of {@link #progress(long)} from the start to {@code t}.
     *
     * @param t a sample time, epoch ms
     * @return 0 before the start, {@code x²/(2·ramp)} during the ramp ({@code x = t - start}), {@code x - ramp/2}
     *         after it
     */
    public double progressIntegralMs(long t) {
        if (t < startMs) {
            return 0;
        }
        double since = t - startMs;
        return since >= rampMs ? since - rampMs / 2.0 : since * since / (2.0 * rampMs);
    }
}
