// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * One labelled window: its feature values, in the order of the {@link LabelledData#featureNames() feature names}
 * of the data it belongs to, and whether it is an anomaly. The values are checked by {@link LabelledData}.
 *
 * @param features the feature values (copied in and out)
 * @param anomaly the label: {@code true} for an anomaly
 */
public record LabelledExample(double[] features, boolean anomaly) {

    /**
     * Copies the features.
     *
     * @param features see {@link #features()}
     * @param anomaly see {@link #anomaly()}
     */
    public LabelledExample {
        features = Objects.requireNonNull(features, "features").clone();
    }

    /** @return a copy of the feature values */
    @Override
    public double[] features() {
        return features.clone();
    }

    /** @return the number of feature values */
    public int width() {
        return features.length;
    }

    /**
     * @param index a feature index
     * @return that feature's value
     */
    public double feature(int index) {
        return features[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledExample e && e.anomaly == anomaly && Arrays.equals(e.features, features);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Boolean.hashCode(anomaly);
    }

    @Override
    public String toString() {
        return (anomaly ? "ANOMALY " : "NORMAL ") + Arrays.toString(features);
    }
}
