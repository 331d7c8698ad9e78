// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Band energies of each watched channel's spectrum over frames of {@code size} samples (a power of two), taken
 * every {@code step} samples once a frame is full. Per frame: optionally subtract the frame mean, multiply by
 * the window function {@code w}, transform with commons-math's FFT, and add up the one-sided power of the bins
 * whose frequency {@code k * sampleRateHz / size} lies in {@code [lo, hi)} of each band (the top band also
 * takes the Nyquist bin when its upper edge is the Nyquist frequency):
 *
 * <pre>
 *   band = sum over its bins k of  c_k * |X_k|^2 / (size * sum(w^2)),   c_k = 1 for k = 0 and size/2, else 2
 * </pre>
 *
 * This is the mean square of the signal in that band (Parseval): with a rectangular window the bands add up to
 * the frame's mean of x², and a sine of amplitude A gives A²/2 in the band of its frequency.
 *
 * <p>One output record per input record that completes a frame of at least one channel, with the values
 * {@code <channel>_band_<lo>_<hi>} (DOUBLE) of those channels, the input's timestamp and source. Input records
 * are not passed on. The FFT needs evenly spaced finite samples: a non-finite value, a timestamp older than the
 * channel's previous sample, or (with {@code maxGapMs}) a gap longer than that discards the channel's partial
 * frame; the frame restarts with the next sample. Allocation-free per sample and per frame.
 */
final class FftBandsStage implements Stage {

    private final String where;
    private final String[] channels;
    private final int size;
    private final int step;
    private final boolean removeMean;
    private final long maxGapMs;
    private final double[] window;
    private final double normalisation;
    /** Per band: first and last bin (inclusive). */
    private final int[] bandFirst;
    private final int[] bandLast;
    private final String[][] names;

    private final DoubleRing[] frames;
    private final int[] sinceEmit;
    private final boolean[] seen;
    private final long[] lastTs;
    private final double[][] fft;
    private final double[] bandValues;
    private final double[] current;
    private final boolean[] present;

    FftBandsStage(String where, String[] channels, int size, int step, double sampleRateHz, double[] edges,
            String[] edgeLabels, boolean hann, boolean removeMean, long maxGapMs) {
        this.where = where;
        this.channels = channels.clone();
        this.size = size;
        this.step = step;
        this.removeMean = removeMean;
        this.maxGapMs = maxGapMs;
        this.window = new double[size];
        double sumSquares = 0;
        for (int n = 0; n < size; n++) {
            window[n] = hann ? 0.5 - 0.5 * Math.cos(2 * Math.PI * n / size) : 1.0;
            sumSquares += window[n] * window[n];
        }
        this.normalisation = 1.0 / (size * sumSquares);
        int bands = edges.length - 1;
        this.bandFirst = new int[bands];
        this.bandLast = new int[bands];
        double nyquist = sampleRateHz / 2;
        for (int b = 0; b < bands; b++) {
            bandFirst[b] = -1;
            bandLast[b] = -2;
            boolean top = b == bands - 1 && edges[b + 1] >= nyquist;
            for (int k = 0; k <= size / 2; k++) {
                double f = k * sampleRateHz / size;
                if (f >= edges[b] && (f < edges[b + 1] || top && k == size / 2)) {
                    if (bandFirst[b] < 0) {
                        bandFirst[b] = k;
                    }
                    bandLast[b] = k;
                }
            }
        }
        this.names = new String[channels.length][bands];
        for (int c = 0; c < channels.length; c++) {
            for (int b = 0; b < bands; b++) {
                names[c][b] = channels[c] + "_band_" + edgeLabels[b] + "_" + edgeLabels[b + 1];
            }
        }
        this.frames = new DoubleRing[channels.length];
        for (int c = 0; c < channels.length; c++) {
            frames[c] = new DoubleRing(size);
        }
        this.sinceEmit = new int[channels.length];
        this.seen = new boolean[channels.length];
        this.lastTs = new long[channels.length];
        this.fft = new double[2][size];
        this.bandValues = new double[bands];
        this.current = new double[channels.length];
        this.present = new boolean[channels.length];
    }

    /** @return the bins of band {@code b} as {first, last}, for tests */
    int[] bins(int b) {
        return new int[] {bandFirst[b], bandLast[b]};
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        for (int c = 0; c < channels.length; c++) {
            TypedValue v = record.value(channels[c]);
            present[c] = v != null;
            if (v != null) {
                current[c] = Values.number(where, channels[c], v);
            }
        }
        long ts = record.timestamp();
        Record.Builder b = null;
        for (int c = 0; c < channels.length; c++) {
            if (!present[c]) {
                continue;
            }
            DoubleRing frame = frames[c];
            double x = current[c];
            boolean broken = !Double.isFinite(x)
                    || seen[c] && (ts < lastTs[c] || maxGapMs > 0 && ts - lastTs[c] > maxGapMs);
            seen[c] = true;
            lastTs[c] = ts;
            if (broken) {
                frame.clear();
                sinceEmit[c] = 0;
                if (!Double.isFinite(x)) {
                    continue;
                }
            }
            frame.add(x);
            sinceEmit[c]++;
            if (frame.isFull() && sinceEmit[c] >= step) {
                sinceEmit[c] = 0;
                bands(frame);
                if (b == null) {
                    b = Record.builder(record.source()).timestamp(ts);
                }
                for (int k = 0; k < bandValues.length; k++) {
                    b.put(names[c][k], TypedValue.ofDouble(bandValues[k]));
                }
            }
        }
        if (b != null) {
            out.emit(b.build());
        }
    }

    private void bands(DoubleRing frame) {
        double[] re = fft[0];
        double[] im = fft[1];
        frame.copyTo(re);
        double mean = 0;
        if (removeMean) {
            for (int n = 0; n < size; n++) {
                mean += re[n];
            }
            mean /= size;
        }
        for (int n = 0; n < size; n++) {
            re[n] = (re[n] - mean) * window[n];
            im[n] = 0;
        }
        FastFourierTransformer.transformInPlace(fft, DftNormalization.STANDARD, TransformType.FORWARD);
        for (int b = 0; b < bandValues.length; b++) {
            double sum = 0;
            for (int k = bandFirst[b]; k <= bandLast[b]; k++) {
                double power = re[k] * re[k] + im[k] * im[k];
                sum += k == 0 || k == size / 2 ? power : 2 * power;
            }
            bandValues[b] = sum * normalisation;
        }
    }
}
