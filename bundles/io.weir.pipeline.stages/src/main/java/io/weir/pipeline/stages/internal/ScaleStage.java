// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Replaces each configured channel's value by {@code value * gain + offset} as a DOUBLE. Other channels pass
 * unchanged; a configured channel missing from a record is skipped; NaN stays NaN. A record with none of the
 * channels is emitted as is, without a copy.
 */
final class ScaleStage implements Stage {

    private final String where;
    private final RecordRewriter rewriter = new RecordRewriter();
    private final String[] channels;
    private final double gain;
    private final double offset;

    ScaleStage(String where, String[] channels, double gain, double offset) {
        this.where = where;
        this.channels = channels.clone();
        this.gain = gain;
        this.offset = offset;
    }

    @Override
    public void process(Record record, Emitter out) throws StageException {
        Record.Builder builder = null;
        for (String channel : channels) {
            TypedValue v = record.value(channel);
            if (v == null) {
                continue;
            }
            double x = Values.number(where, channel, v);
            if (builder == null) {
                builder = rewriter.start(record);
            }
            builder.put(channel, Values.ofDouble(x * gain + offset));
        }
        out.emit(builder == null ? record : builder.build());
    }
}
