// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The window features of the pipeline's {@code window} stage ({@code bundles/io.weir.pipeline.stages}), computed
 * the same way, operation for operation, so that training features are bit-identical to the features the gateway
 * emits for the same samples: {@code mean}, {@code min}, {@code max}, {@code std} (population, two passes around the
 * mean), {@code rms} and {@code p2p} (max − min). NaN and infinite samples are no samples (the stage turns them
 * into NaN on input); a window without any sample has NaN features.
 */
public final class WindowFeatures {

    /** The features, in the order of {@link #compute(double[])} and the stage's default {@code features}. */
    public static final List<String> FEATURES = List.of("mean", "min", "max", "std", "rms", "p2p");

    private WindowFeatures() {
    }

    /**
     * @param channel a channel name
     * @return the stage's output names for the channel, {@code <channel>_<feature>} in {@link #FEATURES} order
     */
    public static List<String> names(String channel) {
        List<String> names = new ArrayList<>(FEATURES.size());
        for (String f : FEATURES) {
            names.add(channel + "_" + f);
        }
        return List.copyOf(names);
    }

    /**
     * @param samples the window's samples; NaN for a missing sample
     * @return mean, min, max, std, rms and p2p of the finite samples; all NaN if there is none
     */
    public static double[] compute(double[] samples) {
        int n = 0;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : samples) {
            if (!Double.isFinite(x)) {
                continue;
            }
            n++;
            sum += x;
            sumSquares += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (n == 0) {
            double nan = Double.NaN;
            return new double[] {nan, nan, nan, nan, nan, nan};
        }
        double mean = sum / n;
        double deviations = 0;
        for (double x : samples) {
            if (!Double.isFinite(x)) {
                continue;
            }
            double d = x - mean;
            deviations += d * d;
        }
        return new double[] {mean, min, max, Math.sqrt(deviations / n), Math.sqrt(sumSquares / n), max - min};
    }
}
