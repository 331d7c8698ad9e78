// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

/**
 * An exponentially weighted moving average that reports a prior until its first sample, which it then takes as is
 * (so one observation replaces a wrong configured guess at once). Non-finite or negative samples are ignored.
 * Not thread-safe.
 */
final class Ewma {

    private final double alpha;
    private double value;
    private long samples;

    /**
     * @param alpha weight of a new sample, in (0, 1]
     * @param prior the value before any sample
     */
    Ewma(double alpha, double prior) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EWMA alpha must be in (0, 1], was " + alpha);
        }
        this.alpha = alpha;
        this.value = prior;
    }

    void add(double sample) {
        if (!Double.isFinite(sample) || sample < 0) {
            return;
        }
        value = samples == 0 ? sample : value + alpha * (sample - value);
        samples++;
    }

    double value() {
        return value;
    }

    long samples() {
        return samples;
    }
}
