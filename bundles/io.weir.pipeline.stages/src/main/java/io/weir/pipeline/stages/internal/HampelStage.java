// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Arrays;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Hampel outlier filter per channel over a trailing window: the current value and the {@code window - 1}
 * finite values before it. With {@code m} the window's median and {@code MAD} the median of {@code |x_j - m|},
 * the current value {@code x} is an outlier when {@code |x - m| > threshold * 1.4826 * MAD} (1.4826 makes the
 * MAD a consistent estimate of the standard deviation for normal data). The filter acts once the window is
 * full. Raw values (not replacements) enter the window. A window whose values are mostly equal has
 * {@code MAD = 0}: any value different from the median is then an outlier.
 *
 * <p>Non-finite values are never outliers, pass unchanged and do not enter the window. With
 * {@code maxGapMs > 0}, a gap longer than that empties the channel's window.
 */
final class HampelStage implements Stage {

    static final double MAD_TO_SIGMA = 1.4826;

    private final String where;
    private final String[] channels;
    private final int window;
    private final double threshold;
    private final long maxGapMs;
    private final OutlierOutput output;

    private final DoubleRing[] previous;
    private final long[] newest;
    private final double[] sorted;
    private final double[] deviations;

    private final double[] current;
    private final boolean[] present;
    private final boolean[] outlier;
    private final double[] estimate;

    HampelStage(String where, String[] channels, int window, double threshold, OutlierAction action, long maxGapMs) {
        this.where = where;
        this.channels = channels.clone();
        this.window = window;
        this.threshold = threshold;
        this.maxGapMs = maxGapMs;
        this.output = new OutlierOutput(this.channels, action);
        int n = channels.length;
        this.previous = new DoubleRing[n];
        for (int i = 0; i < n; i++) {
            previous[i] = new DoubleRing(window - 1);
        }
        this.newest = new long[n];
        this.sorted = new double[window];
        this.deviations = new double[window];
        this.current = new double[n];
        this.present = new boolean[n];
        this.outlier = new boolean[n];
        this.estimate = new double[n];
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        if (!Values.readNumbers(where, channels, record, current, present)) {
            out.emit(record);
            return;
        }
        long ts = record.timestamp();
        int outliers = 0;
        for (int i = 0; i < channels.length; i++) {
            outlier[i] = false;
            double x = current[i];
            if (!present[i] || !Double.isFinite(x)) {
                continue;
            }
            DoubleRing p = previous[i];
            if (p.size() > 0 && maxGapMs > 0 && ts - newest[i] > maxGapMs) {
                p.clear();
            }
            if (p.size() == 0 || ts > newest[i]) {
                newest[i] = ts;
            }
            if (p.isFull()) {
                p.copyTo(sorted);
                sorted[window - 1] = x;
                double median = median(sorted);
                for (int k = 0; k < window; k++) {
                    deviations[k] = Math.abs(sorted[k] - median);
                }
                double mad = median(deviations);
                if (Math.abs(x - median) > threshold * MAD_TO_SIGMA * mad) {
                    outlier[i] = true;
                    estimate[i] = median;
                    outliers++;
                }
            }
            p.add(x);
        }
        output.emit(record, present, outlier, estimate, outliers, out);
    }

    /** Sorts the whole array in place and returns its median (the mean of the two middle values if even). */
    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return (n & 1) == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
