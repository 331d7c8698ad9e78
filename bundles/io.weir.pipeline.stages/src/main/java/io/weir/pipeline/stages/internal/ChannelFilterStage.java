// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Map;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;

/**
 * Keeps ({@code select}) or removes ({@code drop}) the channels that match a {@link ChannelMatcher}, in the
 * record's own order. Values of any type pass unchanged. A record that is left without any value is not
 * emitted; a record that keeps all its values is emitted as is, without a copy.
 */
final class ChannelFilterStage implements Stage {

    private final ChannelMatcher matcher;
    private final boolean keepMatches;

    ChannelFilterStage(ChannelMatcher matcher, boolean keepMatches) {
        this.matcher = matcher;
        this.keepMatches = keepMatches;
    }

    @Override
    public void process(Record record, Emitter out) {
        Map<String, TypedValue> values = record.values();
        int kept = 0;
        for (String name : values.keySet()) {
            if (matcher.matches(name) == keepMatches) {
                kept++;
            }
        }
        if (kept == values.size()) {
            out.emit(record);
            return;
        }
        if (kept == 0) {
            return;
        }
        Record.Builder b = record.toBuilder();
        for (String name : values.keySet()) {
            if (matcher.matches(name) != keepMatches) {
                b.remove(name);
            }
        }
        out.emit(b.build());
    }
}
