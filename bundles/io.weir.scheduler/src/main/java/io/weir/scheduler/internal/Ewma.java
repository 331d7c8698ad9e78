// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

/**
 * An exponentially weighted moving average that starts at a prior until the first sample. Not thread-safe.
 *
 * <p>Two kinds of sample: a result ({@link #add}) and a penalty ({@link #penalize}), the time a failed attempt cost.
 * Both move the average; results also move a baseline that only results shape. Without new samples the average
 * fades back to that baseline with the configured half-life, so the cost of failures is forgotten once they stop
 * coming: a target that failed is tried again after a while instead of being avoided for ever (its estimates learn
 * only from the tasks it gets).
 */
final class Ewma {

    private final double alpha;
    private final long halfLifeNanos;
    private double value;
    private double baseline;
    private boolean seeded;
    private boolean baselineSeeded;
    private long lastNanos;

    /**
     * @param alpha the weight of a new sample, (0, 1]
     * @param prior the value before the first sample
     */
    Ewma(double alpha, double prior) {
        this(alpha, prior, 0);
    }

    /**
     * @param alpha the weight of a new sample, (0, 1]
     * @param prior the value before the first sample
     * @param halfLifeNanos the half-life in which penalties fade without new samples; 0: they never fade
     */
    Ewma(double alpha, double prior, long halfLifeNanos) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA alpha must be in (0, 1], was " + alpha);
        }
        if (halfLifeNanos < 0) {
            throw new IllegalArgumentException("EWMA half-life must not be negative, was " + halfLifeNanos);
        }
        this.alpha = alpha;
        this.halfLifeNanos = halfLifeNanos;
        this.value = prior;
        this.baseline = prior;
    }

    /** A result: moves the average and the baseline. Negative and non-finite samples are ignored. */
    void add(double sample) {
        add(sample, lastNanos);
    }

    /**
     * A result observed at {@code nowNanos}: moves the average and the baseline.
     *
     * @param sample the observation; negative and non-finite ones are ignored
     * @param nowNanos the clock of the observation
     */
    void add(double sample, long nowNanos) {
        if (step(sample, nowNanos)) {
            baseline = baselineSeeded ? baseline + alpha * (sample - baseline) : sample;
            baselineSeeded = true;
        }
    }

    /**
     * A penalty observed at {@code nowNanos}: moves the average only, and fades with the half-life. A penalty never
     * lowers the average: a failure that cost little (a refusal at once) must not make the target look better.
     *
     * @param sample the cost of the failed attempt; negative and non-finite ones, and ones below the average now, are
     *     ignored
     * @param nowNanos the clock of the observation
     */
    void penalize(double sample, long nowNanos) {
        if (sample > value(nowNanos)) {
            step(sample, nowNanos);
        }
    }

    /** Fades to {@code nowNanos} and moves the average; false (and nothing done) for a sample to ignore. */
    private boolean step(double sample, long nowNanos) {
        if (!Double.isFinite(sample) || sample < 0) {
            return false;
        }
        fade(nowNanos);
        value = seeded ? value + alpha * (sample - value) : sample;
        seeded = true;
        return true;
    }

    /** @return the average as of the last sample */
    double value() {
        return value;
    }

    /**
     * @param nowNanos the clock now
     * @return the average with the penalties faded for the time since the last sample
     */
    double value(long nowNanos) {
        if (halfLifeNanos == 0 || value == baseline) {
            return value;
        }
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            return value;
        }
        return baseline + (value - baseline) * Math.pow(0.5, (double) elapsed / halfLifeNanos);
    }

    /** @return what results alone have taught (the prior until the first result) */
    double baseline() {
        return baseline;
    }

    private void fade(long nowNanos) {
        value = value(nowNanos);
        lastNanos = nowNanos;
    }
}
