// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A reference (training) distribution given as bins: ascending inner edges {@code e[0] < ... < e[k-1]} and the
 * fraction of reference values in each of the {@code k + 1} bins, bin {@code i} being {@code [e[i-1], e[i])} (bin 0
 * is everything below {@code e[0]}, bin {@code k} everything from {@code e[k-1]} up), as
 * {@code io.weir.inference.ModelMetadata} describes {@code reference.<feature>.edges/.fractions}. Fractions are
 * normalised to sum to 1. Equal edges are allowed (a training value filling more than one decile): the bins between
 * them are empty, and a value equal to them falls into the bin above the last of them. Immutable.
 */
final class BinnedReference {

    private final double[] edges;
    private final double[] fractions;
    /** {@code cumulative[i]} = fraction of reference values below {@code edges[i]}: the reference CDF at the edges. */
    private final double[] cumulative;

    private BinnedReference(double[] edges, double[] fractions) {
        this.edges = edges;
        this.fractions = fractions;
        this.cumulative = new double[edges.length];
        double c = 0;
        for (int i = 0; i < edges.length; i++) {
            c += fractions[i];
            cumulative[i] = c;
        }
    }

    /**
     * @param edges the inner bin edges, at least one, finite, ascending (equal neighbours allowed)
     * @param fractions one non-negative fraction per bin ({@code edges.length + 1}), not all zero; normalised
     * @return the reference
     * @throws IllegalArgumentException saying what is wrong
     */
    static BinnedReference of(double[] edges, double[] fractions) {
        if (edges.length == 0) {
            throw new IllegalArgumentException("no bin edges");
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || i > 0 && edges[i] < edges[i - 1]) {
                throw new IllegalArgumentException("bin edges are not finite and ascending: "
                        + Arrays.toString(edges));
            }
        }
        if (fractions.length != edges.length + 1) {
            throw new IllegalArgumentException(edges.length + " edges need " + (edges.length + 1) + " fractions, got "
                    + fractions.length);
        }
        double sum = 0;
        for (double f : fractions) {
            if (!Double.isFinite(f) || f < 0) {
                throw new IllegalArgumentException("fractions must be finite and >= 0: " + Arrays.toString(fractions));
            }
            sum += f;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("fractions add up to 0");
        }
        double[] normalised = new double[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            normalised[i] = fractions[i] / sum;
        }
        return new BinnedReference(edges.clone(), normalised);
    }

    /**
     * Parses the two metadata values.
     *
     * @return the reference, or {@code null} if either value is absent
     * @throws IllegalArgumentException if a value is malformed
     */
    static @Nullable BinnedReference parse(@Nullable String edgesText, @Nullable String fractionsText) {
        double[] e = MetadataValues.doubles(edgesText);
        double[] f = MetadataValues.doubles(fractionsText);
        if (e == null || f == null) {
            return null;
        }
        return of(e, f);
    }

    /** @return the number of bins, {@code edges + 1} */
    int bins() {
        return fractions.length;
    }

    /**
     * @param x a finite value
     * @return its bin: the number of edges {@code <= x}
     */
    int bin(double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the normalised fraction of bin {@code i} */
    double fraction(int i) {
        return fractions[i];
    }

    /** @return the reference CDF at edge {@code i}: the fraction of reference values below {@code edges[i]} */
    double cumulative(int i) {
        return cumulative[i];
    }
}
