// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.List;

import io.weir.data.Record;
import io.weir.data.TypedValue;

/** Terse record construction for tests. */
final class Records {

    private Records() {
    }

    /**
     * @param ts the timestamp
     * @param namesAndValues name, value, name, value ...; Double, Float, Long, Integer, Boolean, String become the
     *        matching TypedValue
     */
    static Record rec(long ts, Object... namesAndValues) {
        Record.Builder b = Record.builder("asset").timestamp(ts);
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
        return TypedValue.ofString((String) v);
    }

    static List<String> names(Record r) {
        return List.copyOf(r.values().keySet());
    }
}
