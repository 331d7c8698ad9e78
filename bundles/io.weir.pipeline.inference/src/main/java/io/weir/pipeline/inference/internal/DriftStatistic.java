// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import io.weir.pipeline.inference.DriftEvents;

/** The distribution statistic a node computes for its features and score, with its default threshold. */
enum DriftStatistic {
    /** Population stability index; 0.25 is the usual "significant shift" level. */
    PSI(DriftEvents.STATISTIC_PSI, 0.25),
    /**
     * Kolmogorov–Smirnov distance at the reference edges; 0.1 is well above the sampling noise of a 500-sample
     * window (the two-sample 5 % critical value for n = 500 against a large reference is about 0.06).
     */
    KS(DriftEvents.STATISTIC_KS, 0.1);

    private final String label;
    private final double defaultThreshold;

    DriftStatistic(String label, double defaultThreshold) {
        this.label = label;
        this.defaultThreshold = defaultThreshold;
    }

    String label() {
        return label;
    }

    double defaultThreshold() {
        return defaultThreshold;
    }

    double of(BinnedWindow window) {
        return this == PSI ? window.psi() : window.ks();
    }
}
