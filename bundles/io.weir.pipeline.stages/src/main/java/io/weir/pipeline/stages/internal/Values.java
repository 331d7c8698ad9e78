// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.StageException;

/** Reading numbers from records, the one per-record check every numeric stage makes. */
final class Values {

    /** Shared immutable values, so that flags and NaN outputs allocate nothing. */
    static final TypedValue NAN = TypedValue.ofDouble(Double.NaN);
    static final TypedValue TRUE = TypedValue.ofBoolean(true);
    static final TypedValue FALSE = TypedValue.ofBoolean(false);

    private Values() {
    }

    /**
     * Reads a value as a double. DOUBLE, FLOAT, LONG, INTEGER and BOOLEAN (0 or 1) are numbers.
     *
     * @param where the stage label for the message
     * @param channel the channel name for the message
     * @param value the value
     * @return the value as a double, possibly NaN or infinite
     * @throws StageException if the value is a STRING or BYTES
     */
    static double number(String where, String channel, TypedValue value) throws StageException {
        DataType type = value.type();
        if (type == DataType.DOUBLE) {
            return value.doubleValue();
        }
        if (!type.isNumeric()) {
            throw wrongType(where, channel, type);
        }
        return value.asDouble();
    }

    static StageException wrongType(String where, String channel, DataType type) {
        return new StageException(where + ": channel '" + channel + "' is " + type + ", expected a number");
    }

    /** @return a DOUBLE value, the shared NaN constant for NaN */
    static TypedValue ofDouble(double value) {
        return Double.isNaN(value) ? NAN : TypedValue.ofDouble(value);
    }

    /**
     * Reads the configured channels of a record as numbers, before a stage changes any state, so that a type
     * error rejects the whole record.
     *
     * @param present set per channel: whether the record has it
     * @param current set per present channel: its value as a double
     * @return whether the record has at least one of the channels
     * @throws StageException if a present channel is not numeric, naming the stage and the channel
     */
    static boolean readNumbers(String where, String[] channels, Record record, double[] current, boolean[] present)
            throws StageException {
        boolean any = false;
        for (int i = 0; i < channels.length; i++) {
            TypedValue v = record.value(channels[i]);
            present[i] = v != null;
            if (v != null) {
                current[i] = number(where, channels[i], v);
                any = true;
            }
        }
        return any;
    }
}
