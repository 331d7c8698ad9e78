// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Exponentially weighted moving average per channel: {@code y = x} for the first sample, then
 * {@code y = y + alpha * (x - y)}; the channel's value is replaced by {@code y} as a DOUBLE.
 *
 * <p>Works in arrival order. A non-finite value (NaN, ±infinity) passes through as a DOUBLE and leaves the
 * average untouched. With {@code maxGapMs > 0}, a sample more than that after the channel's newest earlier
 * sample restarts the average (a record with an older timestamp is never a gap).
 */
final class EwmaStage implements Stage {

    private final String where;
    private final RecordRewriter rewriter = new RecordRewriter();
    private final String[] channels;
    private final double alpha;
    private final long maxGapMs;

    private final boolean[] started;
    private final double[] average;
    private final long[] newest;
    private final double[] current;
    private final boolean[] present;

    EwmaStage(String where, String[] channels, double alpha, long maxGapMs) {
        this.where = where;
        this.channels = channels.clone();
        this.alpha = alpha;
        this.maxGapMs = maxGapMs;
        int n = channels.length;
        this.started = new boolean[n];
        this.average = new double[n];
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
            if (started[i] && maxGapMs > 0 && ts - newest[i] > maxGapMs) {
                started[i] = false;
            }
            double y = started[i] ? average[i] + alpha * (x - average[i]) : x;
            average[i] = y;
            if (!started[i] || ts > newest[i]) {
                newest[i] = ts;
            }
            started[i] = true;
            b.put(channels[i], TypedValue.ofDouble(y));
        }
        out.emit(b.build());
    }
}
