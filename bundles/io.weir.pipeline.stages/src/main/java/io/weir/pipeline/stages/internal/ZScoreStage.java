// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Z-score outlier filter per channel. A value {@code x} is an outlier when the channel's history holds
 * {@code window} finite samples and {@code |x - mean| > threshold * std}, with the mean and the population
 * standard deviation of that history (the current value excluded). Every finite value then enters the history,
 * outlier or not, so the filter follows a level shift within {@code window} samples. A constant history has
 * {@code std = 0}: any different value is an outlier.
 *
 * <p>Non-finite values are never outliers, pass unchanged and do not enter the history. With
 * {@code maxGapMs > 0}, a gap longer than that empties the channel's history (warm-up again).
 */
final class ZScoreStage implements Stage {

    private final String where;
    private final String[] channels;
    private final int window;
    private final double threshold;
    private final long maxGapMs;
    private final OutlierOutput output;

    private final DoubleRing[] history;
    /** Running sums of (x - shift) and (x - shift)^2 over the history; shift is reset on recompute. */
    private final double[] shift;
    private final double[] sum;
    private final double[] sumSquares;
    private final int[] sinceRecompute;
    private final long[] newest;

    private final double[] current;
    private final boolean[] present;
    private final boolean[] outlier;
    private final double[] estimate;

    ZScoreStage(String where, String[] channels, int window, double threshold, OutlierAction action, long maxGapMs) {
        this.where = where;
        this.channels = channels.clone();
        this.window = window;
        this.threshold = threshold;
        this.maxGapMs = maxGapMs;
        this.output = new OutlierOutput(this.channels, action);
        int n = channels.length;
        this.history = new DoubleRing[n];
        for (int i = 0; i < n; i++) {
            history[i] = new DoubleRing(window);
        }
        this.shift = new double[n];
        this.sum = new double[n];
        this.sumSquares = new double[n];
        this.sinceRecompute = new int[n];
        this.newest = new long[n];
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
            DoubleRing h = history[i];
            if (h.size() > 0 && maxGapMs > 0 && ts - newest[i] > maxGapMs) {
                h.clear();
            }
            if (h.size() == 0) {
                shift[i] = x;
                sum[i] = 0;
                sumSquares[i] = 0;
                sinceRecompute[i] = 0;
                newest[i] = ts;
            } else if (ts > newest[i]) {
                newest[i] = ts;
            }
            if (h.isFull()) {
                double d = sum[i] / window;
                double mean = shift[i] + d;
                double std = Math.sqrt(Math.max(0, sumSquares[i] / window - d * d));
                if (Math.abs(x - mean) > threshold * std) {
                    outlier[i] = true;
                    estimate[i] = mean;
                    outliers++;
                }
            }
            add(i, x);
        }
        output.emit(record, present, outlier, estimate, outliers, out);
    }

    private void add(int i, double x) {
        DoubleRing h = history[i];
        boolean evicting = h.isFull();
        double evicted = h.add(x);
        if (evicting) {
            double e = evicted - shift[i];
            sum[i] -= e;
            sumSquares[i] -= e * e;
        }
        double d = x - shift[i];
        sum[i] += d;
        sumSquares[i] += d * d;
        if (++sinceRecompute[i] >= window) {
            recompute(i);
        }
    }

    /** Exact two-pass sums around the current mean, so rounding cannot build up. */
    private void recompute(int i) {
        DoubleRing h = history[i];
        int n = h.size();
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += h.get(k);
        }
        double mean = s / n;
        double sd = 0;
        double sq = 0;
        for (int k = 0; k < n; k++) {
            double d = h.get(k) - mean;
            sd += d;
            sq += d * d;
        }
        shift[i] = mean;
        sum[i] = sd;
        sumSquares[i] = sq;
        sinceRecompute[i] = 0;
    }
}
