// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Simple moving average over the last {@code window} finite samples of each channel; the channel's value is
 * replaced by the average as a DOUBLE. Until the window is full it is the average of the samples so far.
 *
 * <p>Works in arrival order. A non-finite value passes through as a DOUBLE and does not enter the window. With
 * {@code maxGapMs > 0}, a sample more than that after the channel's newest earlier sample empties the window
 * first. The running sum is recomputed from the window every {@code window} samples, so rounding errors cannot
 * accumulate.
 */
final class MovingAverageStage implements Stage {

    private final String where;
    private final RecordRewriter rewriter = new RecordRewriter();
    private final String[] channels;
    private final int window;
    private final long maxGapMs;

    private final double[][] samples;
    private final int[] count;
    private final int[] next;
    private final double[] sum;
    private final int[] sinceRecompute;
    private final long[] newest;
    private final double[] current;
    private final boolean[] present;

    MovingAverageStage(String where, String[] channels, int window, long maxGapMs) {
        this.where = where;
        this.channels = channels.clone();
        this.window = window;
        this.maxGapMs = maxGapMs;
        int n = channels.length;
        this.samples = new double[n][window];
        this.count = new int[n];
        this.next = new int[n];
        this.sum = new double[n];
        this.sinceRecompute = new int[n];
        this.newest = new long[n];
        this.current = new double[n];
        this.present = new boolean[n];
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        if (!Values.readNumbers(where, channels, record, current, present)) {
            out.emit(record);
            return;
        }
        long ts = record.timestamp();
        Record.Builder b = rewriter.start(record);
        for (int i = 0; i < channels.length; i++) {
            if (!present[i]) {
                continue;
            }
            double x = current[i];
            if (!Double.isFinite(x)) {
                b.put(channels[i], Values.ofDouble(x));
                continue;
            }
            if (count[i] > 0 && maxGapMs > 0 && ts - newest[i] > maxGapMs) {
                count[i] = 0;
                next[i] = 0;
                sum[i] = 0;
                sinceRecompute[i] = 0;
            }
            if (count[i] == 0 || ts > newest[i]) {
                newest[i] = ts;
            }
            b.put(channels[i], TypedValue.ofDouble(add(i, x)));
        }
        out.emit(b.build());
    }

    private double add(int i, double x) {
        double[] ring = samples[i];
        if (count[i] == window) {
            sum[i] -= ring[next[i]];
        } else {
            count[i]++;
        }
        ring[next[i]] = x;
        sum[i] += x;
        next[i] = next[i] + 1 == window ? 0 : next[i] + 1;
        if (++sinceRecompute[i] >= window) {
            double s = 0;
            for (int k = 0; k < count[i]; k++) {
                s += ring[k];
            }
            sum[i] = s;
            sinceRecompute[i] = 0;
        }
        return sum[i] / count[i];
    }
}
