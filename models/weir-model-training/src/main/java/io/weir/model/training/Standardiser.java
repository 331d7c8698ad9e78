// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

/**
 * Standardisation of the features: {@code (x − mean) / scale} with the mean and population standard deviation of
 * the training data; a standard deviation of 0 (a constant feature) becomes a scale of 1.
 */
final class Standardiser {

    private final double[] mean;
    private final double[] scale;

    private Standardiser(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * @param data non-empty data
     * @return the standardisation of its features (two passes: the mean, then the deviations around it)
     */
    static Standardiser fit(LabelledData data) {
        int width = data.featureNames().size();
        int n = data.size();
        double[] mean = new double[width];
        double[] scale = new double[width];
        for (LabelledExample e : data.examples()) {
            for (int f = 0; f < width; f++) {
                mean[f] += e.feature(f);
            }
        }
        for (int f = 0; f < width; f++) {
            mean[f] /= n;
        }
        for (LabelledExample e : data.examples()) {
            for (int f = 0; f < width; f++) {
                double d = e.feature(f) - mean[f];
                scale[f] += d * d;
            }
        }
        for (int f = 0; f < width; f++) {
            double std = Math.sqrt(scale[f] / n);
            scale[f] = std > 0 && Double.isFinite(std) ? std : 1.0;
        }
        return new Standardiser(mean, scale);
    }

    /** @return a copy of the means */
    double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the scales */
    double[] scale() {
        return scale.clone();
    }

    /**
     * @param features raw feature values
     * @return the standardised values
     */
    double[] apply(double[] features) {
        double[] z = new double[features.length];
        for (int f = 0; f < features.length; f++) {
            z[f] = (features[f] - mean[f]) / scale[f];
        }
        return z;
    }
}
