// SPDX-License-Identifier: Apache-2.0
package io.weir.data;

import org.osgi.annotation.versioning.ProviderType;
/**
 * The type of a {@link TypedValue}. The set and the names follow the Kura payload metric types one to one
 * ({@code DOUBLE, FLOAT, INT64, INT32, BOOL, STRING, BYTES}), so no conversion ever changes a value's type on
 * its way to the cloud.
 */
@ProviderType
public enum DataType {
    /** 64-bit IEEE 754 floating point (Kura {@code DOUBLE}). */
    DOUBLE,
    /** 32-bit IEEE 754 floating point (Kura {@code FLOAT}). */
    FLOAT,
    /** 64-bit signed integer (Kura {@code INT64}). */
    LONG,
    /** 32-bit signed integer (Kura {@code INT32}). */
    INTEGER,
    /** Boolean (Kura {@code BOOL}). */
    BOOLEAN,
    /** UTF-16 text, encoded as UTF-8 on the wire (Kura {@code STRING}). */
    STRING,
    /** Opaque bytes (Kura {@code BYTES}). */
    BYTES;

    /**
     * Tells whether values of this type have a numeric reading through {@link TypedValue#asDouble()}.
     *
     * @return {@code true} for DOUBLE, FLOAT, LONG, INTEGER and BOOLEAN (as 0 or 1)
     */
    public boolean isNumeric() {
        return this != STRING && this != BYTES;
    }
}
