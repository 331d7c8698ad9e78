// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Time-based windows on record timestamps. Windows are {@code [k * stepMs, k * stepMs + sizeMs)} for every
 * integer k, aligned to the epoch ({@code stepMs = sizeMs}: tumbling; {@code stepMs < sizeMs}: sliding).
 *
 * <p>A window closes when a record with a timestamp at or after its end arrives; it then emits one record with
 * the features of every watched channel over the samples whose timestamps fall inside it, stamped with the
 * window's end, with the closing record's source. A window without any record (a gap) emits nothing. The last
 * window stays open until a later record arrives and is dropped when the stage is closed.
 *
 * <p>Out of order: a record older than the newest one is still added if it falls into a window that is still
 * open; a record that only belongs to windows already emitted is late and handled by the {@link LatePolicy}.
 * Records without a watched channel are ignored. At most {@code maxSamples} records are buffered; beyond, the
 * oldest are evicted (counted and logged).
 */
final class TimeWindowStage implements Stage {

    private final String where;
    private final String[] channels;
    private final long sizeMs;
    private final long stepMs;
    private final int maxSamples;
    private final WindowFeatures features;
    private final LateRecords late;
    private final ThrottledWarning overflow;

    private long[] timestamps;
    private double[][] samples;
    private int head;
    private int length;
    private final double[] current;
    private boolean started;
    /** End of the oldest window not yet emitted. */
    private long nextEnd;

    TimeWindowStage(String where, String[] channels, long sizeMs, long stepMs, int maxSamples, WindowFeatures features,
            LateRecords late, ThrottledWarning overflow) {
        this.where = where;
        this.channels = channels.clone();
        this.sizeMs = sizeMs;
        this.stepMs = stepMs;
        this.maxSamples = maxSamples;
        this.features = features;
        this.late = late;
        this.overflow = overflow;
        int initial = Math.min(maxSamples, 64);
        this.timestamps = new long[initial];
        this.samples = new double[channels.length][initial];
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
        long ts = record.timestamp();
        if (!started) {
            started = true;
            nextEnd = firstEndAfter(ts);
        } else if (ts < nextEnd - sizeMs) {
            late.late("timestamp " + ts + " is before the oldest open window [" + (nextEnd - sizeMs) + ", "
                    + nextEnd + ")");
            return;
        }
        while (ts >= nextEnd) {
            emitWindow(nextEnd, record.source(), out);
            nextEnd += stepMs;
            evictBefore(nextEnd - sizeMs);
            if (length == 0 && ts >= nextEnd) {
                nextEnd = firstEndAfter(ts); // skip the empty windows of a gap at once
            }
        }
        append(ts);
    }

    /** @return late records seen so far */
    long lateCount() {
        return late.count();
    }

    /** @return the end of the first window that contains {@code ts}: the smallest {@code k*step + size > ts} */
    private long firstEndAfter(long ts) {
        return (Math.floorDiv(ts - sizeMs, stepMs) + 1) * stepMs + sizeMs;
    }

    private void emitWindow(long end, String source, Emitter out) {
        long start = end - sizeMs;
        boolean any = false;
        for (int k = 0, i = head; k < length; k++, i = i + 1 == timestamps.length ? 0 : i + 1) {
            if (timestamps[i] >= start && timestamps[i] < end) {
                any = true;
                break;
            }
        }
        if (!any) {
            return;
        }
        Record.Builder b = Record.builder(source).timestamp(end);
        for (int c = 0; c < channels.length; c++) {
            features.put(c, samples[c], timestamps, head, length, start, end, b);
        }
        out.emit(b.build());
    }

    /** Evicts from the oldest arrival while it is before {@code start}; stragglers behind newer ones wait. */
    private void evictBefore(long start) {
        while (length > 0 && timestamps[head] < start) {
            head = head + 1 == timestamps.length ? 0 : head + 1;
            length--;
        }
    }

    private void append(long ts) {
        if (length == timestamps.length) {
            if (length < maxSamples) {
                grow(Math.min(maxSamples, length * 2));
            } else {
                overflow.occurred("window buffer full at " + maxSamples + " records; evicted the oldest");
                head = head + 1 == timestamps.length ? 0 : head + 1;
                length--;
            }
        }
        int tail = head + length;
        if (tail >= timestamps.length) {
            tail -= timestamps.length;
        }
        timestamps[tail] = ts;
        for (int c = 0; c < channels.length; c++) {
            samples[c][tail] = current[c];
        }
        length++;
    }

    private void grow(int capacity) {
        long[] t = new long[capacity];
        double[][] s = new double[channels.length][capacity];
        for (int k = 0, i = head; k < length; k++, i = i + 1 == timestamps.length ? 0 : i + 1) {
            t[k] = timestamps[i];
            for (int c = 0; c < channels.length; c++) {
                s[c][k] = samples[c][i];
            }
        }
        timestamps = t;
        samples = s;
        head = 0;
    }
}
