// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

/** An exponentially weighted moving average that starts at a prior until the first sample. Not thread-safe. */
final class Ewma {

    private final double alpha;
    private double value;
    private boolean seeded;

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
        value = seeded ? value + alpha * (sample - value) : sample;
        seeded = true;
    }

    double value() {
        return value;
    }
}
