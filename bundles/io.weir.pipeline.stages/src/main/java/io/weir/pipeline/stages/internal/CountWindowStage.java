// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Count-based windows. A window is the last {@code size} records that carry at least one watched channel;
 * records without one are ignored (consumed). Once {@code size} records have arrived, a window closes every
 * {@code step} records ({@code step = size}: tumbling; {@code step < size}: sliding, overlapping windows). Each
 * closed window emits one record with the features of every watched channel, stamped with the timestamp of the
 * window's last record, with that record's source. The input records themselves are not passed on.
 *
 * <p>A channel missing from a record, NaN or infinite counts as no sample for that channel; timestamps play no
 * part (out-of-order records are counted in arrival order).
 */
final class CountWindowStage implements Stage {

    private final String where;
    private final String[] channels;
    private final int size;
    private final int step;
    private final WindowFeatures features;

    private final double[][] samples;
    private final double[] current;
    private int next;
    private int filled;
    private int sinceEmit;

    CountWindowStage(String where, String[] channels, int size, int step, WindowFeatures features) {
        this.where = where;
        this.channels = channels.clone();
        this.size = size;
        this.step = step;
        this.features = features;
        this.samples = new double[channels.length][size];
        this.current = new double[channels.length];
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
        for (int c = 0; c < channels.length; c++) {
            samples[c][next] = current[c];
        }
        next = next + 1 == size ? 0 : next + 1;
        if (filled < size) {
            filled++;
        }
        sinceEmit++;
        if (filled == size && sinceEmit >= step) {
            sinceEmit = 0;
            Record.Builder b = Record.builder(record.source()).timestamp(record.timestamp());
            for (int c = 0; c < channels.length; c++) {
                features.put(c, samples[c], null, 0, size, 0, 0, b);
            }
            out.emit(b.build());
        }
    }
}
