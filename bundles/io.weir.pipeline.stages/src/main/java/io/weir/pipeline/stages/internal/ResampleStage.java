// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Resamples the watched channels onto a fixed grid of record time, {@code k * periodMs} (epoch aligned), with
 * imputation of missing values. Output records carry only the watched channels, as DOUBLE, stamped with the grid
 * time, with the source of the input record that completed them; input records are not passed on.
 *
 * <p>A grid time {@code t} is emitted when the first record with a timestamp {@code >= t} arrives. The value of
 * a channel at {@code t}:
 * <ul>
 * <li>its sample at exactly {@code t}, if there is one;
 * <li>{@code hold}: its last sample before {@code t};
 * <li>{@code linear}: interpolated between its last sample before {@code t} and its sample in the record that
 * completes {@code t}; held if that record lacks the channel;
 * <li>nothing (the channel is left out) if it has no sample yet, or its last sample is more than
 * {@code maxGapMs} before {@code t} (no imputation across long gaps; linear interpolation also needs the next
 * sample within {@code maxGapMs} of the previous one). A grid record left without values is not emitted.
 * </ul>
 * NaN and infinite values are treated as missing, so they are imputed like gaps. A record older than the newest
 * one is late ({@link LatePolicy}); one with the same timestamp updates the held values. Records without a
 * watched channel are ignored.
 */
final class ResampleStage implements Stage {

    private final String where;
    private final String[] channels;
    private final long periodMs;
    private final boolean linear;
    private final long maxGapMs;
    private final LateRecords late;

    private final boolean[] has;
    private final double[] previous;
    private final long[] previousTs;
    private final double[] current;
    private boolean started;
    private long newest;
    private long nextGrid;

    ResampleStage(String where, String[] channels, long periodMs, boolean linear, long maxGapMs, LateRecords late) {
        this.where = where;
        this.channels = channels.clone();
        this.periodMs = periodMs;
        this.linear = linear;
        this.maxGapMs = maxGapMs;
        this.late = late;
        int n = channels.length;
        this.has = new boolean[n];
        this.previous = new double[n];
        this.previousTs = new long[n];
        this.current = new double[n];
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        boolean any = false;
        for (int c = 0; c < channels.length; c++) {
            TypedValue v = record.value(channels[c]);
            double x = Double.NaN;
            if (v != null) {
                x = Values.number(where, channels[c], v);
                any = true;
            }
            current[c] = Double.isFinite(x) ? x : Double.NaN;
        }
        if (!any) {
            return;
        }
        long ts = record.timestamp();
        if (!started) {
            started = true;
            newest = ts;
            nextGrid = ceilToGrid(ts);
        } else if (ts < newest) {
            late.late("timestamp " + ts + " is older than the newest record " + newest);
            return;
        }
        // grid points no channel can fill (every last sample more than maxGapMs before them) are skipped at once
        long freshest = Long.MIN_VALUE;
        for (int c = 0; c < channels.length; c++) {
            if (has[c]) {
                freshest = Math.max(freshest, previousTs[c]);
            }
        }
        if (freshest == Long.MIN_VALUE || nextGrid - freshest > maxGapMs) {
            nextGrid = Math.max(nextGrid, ceilToGrid(ts));
        }
        while (nextGrid <= ts) {
            emitGrid(nextGrid, ts, record.source(), out);
            nextGrid += periodMs;
            if (nextGrid < ts && nextGrid - freshest > maxGapMs) {
                nextGrid = ceilToGrid(ts);
            }
        }
        for (int c = 0; c < channels.length; c++) {
            if (!Double.isNaN(current[c])) {
                has[c] = true;
                previous[c] = current[c];
                previousTs[c] = ts;
            }
        }
        newest = ts;
    }

    private void emitGrid(long t, long ts, String source, Emitter out) {
        Record.Builder b = null;
        for (int c = 0; c < channels.length; c++) {
            double x = current[c];
            double value;
            if (t == ts && !Double.isNaN(x)) {
                value = x;
            } else if (!has[c] || t - previousTs[c] > maxGapMs) {
                continue;
            } else if (linear && !Double.isNaN(x) && ts - previousTs[c] <= maxGapMs && ts > previousTs[c]) {
                value = previous[c] + (x - previous[c]) * (double) (t - previousTs[c]) / (ts - previousTs[c]);
            } else {
                value = previous[c];
            }
            if (b == null) {
                b = Record.builder(source).timestamp(t);
            }
            b.put(channels[c], TypedValue.ofDouble(value));
        }
        if (b != null) {
            out.emit(b.build());
        }
    }

    private long ceilToGrid(long ts) {
        return -Math.floorDiv(-ts, periodMs) * periodMs;
    }
}
