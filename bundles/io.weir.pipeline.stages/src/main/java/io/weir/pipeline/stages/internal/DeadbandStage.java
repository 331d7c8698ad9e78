// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Suppresses channels that moved no more than a band since the value last <em>emitted</em> for them (so a slow
 * drift is reported once it adds up to more than the band).
 *
 * <p>Per channel: the first value is emitted; then a value is emitted when {@code |x - lastEmitted| > band}
 * (absolute), or {@code > band% of span} (percent with a span), or {@code > band% of |lastEmitted|} (percent
 * without a span). A change to or from NaN counts as a change, NaN to NaN does not. With {@code maxIntervalMs}
 * a channel is also emitted when its last emission is at least that old (a heartbeat on record time).
 *
 * <p>Per record: suppressed channels are removed and the other values (including channels the stage does not
 * watch) pass unchanged; a record in which every watched channel present was suppressed is dropped; a record
 * with no watched channel passes as is.
 */
final class DeadbandStage implements Stage {

    private final String where;
    private final String[] channels;
    private final boolean percent;
    private final double band;
    private final double span;
    private final long maxIntervalMs;

    private final boolean[] emittedOnce;
    private final double[] lastEmitted;
    private final long[] lastEmittedAt;
    /** Per-record scratch: the value of each watched channel, or null if absent. */
    private final TypedValue[] present;
    private final double[] current;

    DeadbandStage(String where, String[] channels, boolean percent, double band, double span, long maxIntervalMs) {
        this.where = where;
        this.channels = channels.clone();
        this.percent = percent;
        this.band = band;
        this.span = span;
        this.maxIntervalMs = maxIntervalMs;
        int n = channels.length;
        this.emittedOnce = new boolean[n];
        this.lastEmitted = new double[n];
        this.lastEmittedAt = new long[n];
        this.present = new TypedValue[n];
        this.current = new double[n];
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        int watched = 0;
        // read and type-check every channel before any state changes, so a bad record leaves no trace
        for (int i = 0; i < channels.length; i++) {
            TypedValue v = record.value(channels[i]);
            present[i] = v;
            if (v != null) {
                current[i] = Values.number(where, channels[i], v);
                watched++;
            }
        }
        if (watched == 0) {
            out.emit(record);
            return;
        }
        long ts = record.timestamp();
        int suppressed = 0;
        for (int i = 0; i < channels.length; i++) {
            if (present[i] == null) {
                continue;
            }
            if (changed(i, current[i], ts)) {
                emittedOnce[i] = true;
                lastEmitted[i] = current[i];
                lastEmittedAt[i] = ts;
            } else {
                suppressed++;
                present[i] = null; // marks "remove" for the second loop below
            }
        }
        if (suppressed == watched) {
            clearScratch();
            return;
        }
        if (suppressed == 0) {
            clearScratch();
            out.emit(record);
            return;
        }
        Record.Builder b = record.toBuilder();
        for (int i = 0; i < channels.length; i++) {
            if (present[i] == null && record.value(channels[i]) != null) {
                b.remove(channels[i]);
            }
        }
        clearScratch();
        out.emit(b.build());
    }

    private boolean changed(int i, double x, long ts) {
        if (!emittedOnce[i]) {
            return true;
        }
        if (maxIntervalMs > 0 && ts - lastEmittedAt[i] >= maxIntervalMs) {
            return true;
        }
        double last = lastEmitted[i];
        boolean xNaN = Double.isNaN(x);
        boolean lastNaN = Double.isNaN(last);
        if (xNaN || lastNaN) {
            return xNaN != lastNaN;
        }
        if (x == last) {
            return false; // also covers equal infinities
        }
        double threshold = percent ? band / 100.0 * (span > 0 ? span : Math.abs(last)) : band;
        return Math.abs(x - last) > threshold;
    }

    private void clearScratch() {
        for (int i = 0; i < present.length; i++) {
            present[i] = null; // do not keep values of the last record alive
        }
    }
}
