// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.Map;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import io.weir.data.Record;
import io.weir.data.TypedValue;

/**
 * Derives records whose values are replaced in place (same names, same order) from input records, for the
 * stages on the hot path (scale, ewma, moving-average, outlier replacement).
 *
 * <p>{@link Record#toBuilder()} copies the values and {@link Record.Builder#build()} copies them again. While
 * the input records keep the same value names in the same order (the normal case: one asset with fixed
 * channels) this class keeps one builder and overwrites its values, which saves the first copy and a builder; a replaced value
 * keeps its position, so the builder's order stays the input's. When the names change it starts a new builder.
 * The input map is walked with {@link Map#forEach}, which allocates neither an iterator nor entry wrappers.
 *
 * <p>Callers may only {@code put} names the input record has; adding or removing names would leak into the next
 * record. One instance per stage; not thread-safe.
 */
final class RecordRewriter implements BiConsumer<String, TypedValue> {

    private Record.@Nullable Builder builder;
    private String[] names = new String[0];
    private int index;
    private boolean mismatch;

    /** @return a builder holding exactly {@code in}'s timestamp, source and values, in order */
    Record.Builder start(Record in) {
        Map<String, TypedValue> values = in.values();
        Record.Builder b = builder;
        if (b != null && values.size() == names.length) {
            index = 0;
            mismatch = false;
            b.timestamp(in.timestamp()).source(in.source());
            values.forEach(this);
            if (!mismatch) {
                return b;
            }
        }
        b = in.toBuilder();
        builder = b;
        names = values.keySet().toArray(new String[0]);
        return b;
    }

    /** Overwrites one value while the names match the previous input's. */
    @Override
    public void accept(String name, TypedValue value) {
        if (mismatch) {
            return;
        }
        String expected = names[index++];
        if (expected != name && !expected.equals(name)) {
            mismatch = true;
            return;
        }
        Record.Builder b = builder;
        if (b != null) {
            b.put(name, value);
        }
    }
}
