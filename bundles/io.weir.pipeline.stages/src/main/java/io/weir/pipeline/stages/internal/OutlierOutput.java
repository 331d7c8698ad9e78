// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;

/**
 * Builds the output record of an outlier filter from per-channel verdicts: the part shared by the z-score and
 * Hampel stages. One instance per stage; used on the stage's thread only.
 */
final class OutlierOutput {

    private final String[] channels;
    private final String[] flagNames;
    private final OutlierAction action;
    private final RecordRewriter rewriter = new RecordRewriter();

    OutlierOutput(String[] channels, OutlierAction action) {
        this.channels = channels;
        this.action = action;
        this.flagNames = new String[channels.length];
        for (int i = 0; i < channels.length; i++) {
            flagNames[i] = channels[i] + OutlierAction.FLAG_SUFFIX;
        }
    }

    /**
     * Emits the record with the verdicts applied.
     *
     * @param record the input record
     * @param present which watched channels the record has
     * @param outlier which of them are outliers
     * @param estimate the replacement value of each outlier (REPLACE)
     * @param outliers how many outliers there are
     */
    void emit(Record record, boolean[] present, boolean[] outlier, double[] estimate, int outliers, Emitter out) {
        if (action != OutlierAction.FLAG && outliers == 0) {
            out.emit(record);
            return;
        }
        // replacing keeps the names, so the builder can be reused; flag adds names, drop removes them
        Record.Builder b = action == OutlierAction.REPLACE ? rewriter.start(record) : record.toBuilder();
        for (int i = 0; i < channels.length; i++) {
            if (!present[i]) {
                continue;
            }
            switch (action) {
                case FLAG:
                    b.put(flagNames[i], outlier[i] ? Values.TRUE : Values.FALSE);
                    break;
                case DROP:
                    if (outlier[i]) {
                        b.remove(channels[i]);
                    }
                    break;
                default:
                    if (outlier[i]) {
                        b.put(channels[i], Values.ofDouble(estimate[i]));
                    }
                    break;
            }
        }
        Record result = b.build();
        if (!result.values().isEmpty()) {
            out.emit(result);
        }
    }
}
