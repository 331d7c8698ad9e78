// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

/**
 * The last {@code capacity} values of one signal, kept as the bins of a {@link BinnedReference}: a ring of bin
 * indices (to know which bin the evicted value was in) and a count per bin, both updated in O(1) per sample
 * (O(log bins) to find the bin). The statistics read the counts in O(bins). Not thread-safe: used on the stage's
 * thread.
 */
final class BinnedWindow {

    /** Smoothing floor of a bin fraction in the PSI, so that an empty bin gives a finite term. */
    static final double EPSILON = 1e-4;

    private final BinnedReference reference;
    private final int[] ring;
    private final int[] counts;
    private int next;
    private int size;

    BinnedWindow(BinnedReference reference, int capacity) {
        this.reference = reference;
        this.ring = new int[capacity];
        this.counts = new int[reference.bins()];
    }

    /** Adds a finite value, evicting the oldest one if the window is full. */
    void add(double x) {
        int bin = reference.bin(x);
        if (size == ring.length) {
            counts[ring[next]]--;
        } else {
            size++;
        }
        ring[next] = bin;
        counts[bin]++;
        next = next + 1 == ring.length ? 0 : next + 1;
    }

    /** @return the number of values in the window */
    int size() {
        return size;
    }

    /** @return the number of values in bin {@code i} */
    int count(int i) {
        return counts[i];
    }

    /**
     * Population stability index of the window against the reference:
     * {@code PSI = Σ_b (p_b − q_b) · ln(p_b / q_b)} with {@code p_b = max(n_b / N, ε)} (window) and
     * {@code q_b = max(r_b, ε)} (reference), {@code ε = 1e-4}.
     *
     * @return the PSI, or NaN if the window is empty
     */
    double psi() {
        if (size == 0) {
            return Double.NaN;
        }
        double n = size;
        double psi = 0;
        for (int b = 0; b < counts.length; b++) {
            double p = Math.max(counts[b] / n, EPSILON);
            double q = Math.max(reference.fraction(b), EPSILON);
            psi += (p - q) * Math.log(p / q);
        }
        return psi;
    }

    /**
     * Kolmogorov–Smirnov distance between the window's empirical CDF and the reference CDF, evaluated at the
     * reference's bin edges (the only points where the reference CDF is known):
     * {@code D = max_i |F_w(e_i) − F_r(e_i)|}, {@code F(e) = fraction of values below e}.
     *
     * @return D in [0, 1], or NaN if the window is empty
     */
    double ks() {
        if (size == 0) {
            return Double.NaN;
        }
        double n = size;
        double below = 0;
        double d = 0;
        for (int i = 0; i < counts.length - 1; i++) {
            below += counts[i];
            d = Math.max(d, Math.abs(below / n - reference.cumulative(i)));
        }
        return d;
    }
}
