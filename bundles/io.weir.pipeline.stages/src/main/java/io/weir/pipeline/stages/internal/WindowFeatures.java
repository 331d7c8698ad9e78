// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;

/**
 * Computes the configured features of each channel over a window of samples and puts them into an output record
 * as DOUBLE values named {@code <channel>_<feature>}, channel by channel in configuration order. NaN samples are
 * skipped; a channel with no finite sample in the window gets NaN features (and a count of 0). The standard
 * deviation is computed in two passes around the mean, so it stays exact for large offsets.
 */
final class WindowFeatures {

    private final WindowFeature[] features;
    private final String[][] names;
    private final boolean needsStd;

    WindowFeatures(String[] channels, WindowFeature[] features) {
        this.features = features.clone();
        boolean std = false;
        for (WindowFeature f : features) {
            std |= f == WindowFeature.STD;
        }
        this.needsStd = std;
        this.names = new String[channels.length][features.length];
        for (int c = 0; c < channels.length; c++) {
            for (int f = 0; f < features.length; f++) {
                names[c][f] = channels[c] + "_" + features[f].label();
            }
        }
    }

    /**
     * Adds one channel's features over a circular range of samples.
     *
     * @param channel the channel index
     * @param values the channel's samples (NaN = none)
     * @param timestamps the sample times, or null to take every sample of the range
     * @param head the physical index of the range's first sample
     * @param length the number of samples in the range
     * @param start with timestamps: only samples at or after this time count
     * @param end with timestamps: only samples before this time count
     * @param out the output record
     */
    void put(int channel, double[] values, long[] timestamps, int head, int length, long start, long end,
            Record.Builder out) {
        int capacity = values.length;
        int n = 0;
        double sum = 0;
        double sumSquares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0, i = head; k < length; k++, i = i + 1 == capacity ? 0 : i + 1) {
            double x = values[i];
            if (Double.isNaN(x) || timestamps != null && (timestamps[i] < start || timestamps[i] >= end)) {
                continue;
            }
            n++;
            sum += x;
            sumSquares += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = n == 0 ? Double.NaN : sum / n;
        double std = Double.NaN;
        if (n > 0 && needsStd) {
            double deviations = 0;
            for (int k = 0, i = head; k < length; k++, i = i + 1 == capacity ? 0 : i + 1) {
                double x = values[i];
                if (Double.isNaN(x) || timestamps != null && (timestamps[i] < start || timestamps[i] >= end)) {
                    continue;
                }
                double d = x - mean;
                deviations += d * d;
            }
            std = Math.sqrt(deviations / n);
        }
        for (int f = 0; f < features.length; f++) {
            double v;
            switch (features[f]) {
                case MEAN:
                    v = mean;
                    break;
                case MIN:
                    v = n == 0 ? Double.NaN : min;
                    break;
                case MAX:
                    v = n == 0 ? Double.NaN : max;
                    break;
                case STD:
                    v = std;
                    break;
                case RMS:
                    v = n == 0 ? Double.NaN : Math.sqrt(sumSquares / n);
                    break;
                case P2P:
                    v = n == 0 ? Double.NaN : max - min;
                    break;
                default:
                    v = n;
                    break;
            }
            out.put(names[channel][f], Values.ofDouble(v));
        }
    }
}
