// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import java.util.List;

import io.weir.data.Record;
import io.weir.data.TypedValue;

/** Terse record construction for tests. */
final class Records {

    private Records() {
    }

    /**
     * @param ts the timestamp
     * @param namesAndValues name, value, name, value ...; Double, Float, Long, Integer, Boolean, String or byte[]
     *        become the matching TypedValue, a TypedValue is used as is
     */
    static Record rec(long ts, Object... namesAndValues) {
        return recFrom("asset", ts, namesAndValues);
    }

    static Record recFrom(String source, long ts, Object... namesAndValues) {
        Record.Builder b = Record.builder(source).timestamp(ts);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.put((String) namesAndValues[i], typed(namesAndValues[i + 1]));
        }
        return b.build();
    }

    static TypedValue typed(Object v) {
        if (v instanceof TypedValue t) {
            return t;
        }
        if (v instanceof Double d) {
            return TypedValue.ofDouble(d);
        }
        if (v instanceof Float f) {
            return TypedValue.ofFloat(f);
        }
        if (v instanceof Long l) {
            return TypedValue.ofLong(l);
        }
        if (v instanceof Integer i) {
            return TypedValue.ofInteger(i);
        }
        if (v instanceof Boolean b) {
            return TypedValue.ofBoolean(b);
        }
        if (v instanceof String s) {
            return TypedValue.ofString(s);
        }
        return TypedValue.ofBytes((byte[]) v);
    }

    /** @return the value of a channel as a double; fails if absent */
    static double num(Record r, String channel) {
        TypedValue v = r.value(channel);
        if (v == null) {
            throw new AssertionError("no channel '" + channel + "' in " + r);
        }
        return v.asDouble();
    }

    /** @return the channel names of a record in order */
    static List<String> names(Record r) {
        return List.copyOf(r.values().keySet());
    }
}
