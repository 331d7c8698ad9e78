// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import io.weir.inference.ModelMetadata;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A reference distribution for drift detection ({@code reference.<f>.edges} and {@code reference.<f>.fractions}
 * of {@link ModelMetadata}): the inner decile edges of a sample and the fraction of it in each bin. Decile edge
 * {@code k} (1..9) is the sorted sample's element at index {@code floor(k · n / 10)}; bin {@code i} is {@code
 * [edge[i−1], edge[i])}, the first bin open below and the last open above. Edges are strictly ascending: when a
 * value fills more than a tenth of the sample, equal decile edges are merged, giving fewer than 9 edges and 10
 * bins (a constant feature has one edge and two bins, the first empty).
 */
final class DriftReference {

    static final int BINS = 10;

    private DriftReference() {
    }

    /**
     * @param name the feature name or {@link ModelMetadata#REFERENCE_SCORE}
     * @param values the sample, not empty
     * @param into the metadata to add the two keys to
     */
    static void put(String name, double[] values, Map<String, String> into) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double[] deciles = new double[BINS - 1];
        int m = 0;
        for (int k = 1; k < BINS; k++) {
            double edge = sorted[(int) ((long) k * n / BINS)];
            if (m == 0 || edge > deciles[m - 1]) {
                deciles[m++] = edge;
            }
        }
        double[] edges = Arrays.copyOf(deciles, m);
        long[] counts = new long[edges.length + 1];
        for (double v : sorted) {
            int bin = 0;
            while (bin < edges.length && v >= edges[bin]) {
                bin++;
            }
            counts[bin]++;
        }
        StringJoiner e = new StringJoiner(",");
        for (double edge : edges) {
            e.add(Double.toString(edge));
        }
        StringJoiner f = new StringJoiner(",");
        for (long c : counts) {
            f.add(Double.toString((double) c / n));
        }
        into.put(ModelMetadata.referenceEdges(name), e.toString());
        into.put(ModelMetadata.referenceFractions(name), f.toString());
    }
}
