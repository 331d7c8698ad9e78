// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/**
 * How a channel's raw value is laid out on the device: one bit, or one to four 16-bit registers holding a
 * signed/unsigned integer or an IEEE 754 number. Integer types carry their raw range, used to check writes.
 */
enum ModbusType {
    INT16(1, Short.MIN_VALUE, Short.MAX_VALUE),
    UINT16(1, 0, 0xFFFF),
    INT32(2, Integer.MIN_VALUE, Integer.MAX_VALUE),
    UINT32(2, 0, 0xFFFF_FFFFL),
    FLOAT32(2, 0, 0),
    FLOAT64(4, 0, 0),
    /** One coil or discrete input. */
    BOOLEAN(0, 0, 1);

    private final int registers;
    private final long min;
    private final long max;

    ModbusType(int registers, long min, long max) {
        this.registers = registers;
        this.min = min;
        this.max = max;
    }

    /** @return the number of 16-bit registers a value occupies; 0 for {@link #BOOLEAN} */
    int registers() {
        return registers;
    }

    /** @return {@code true} for {@link #BOOLEAN}, the only type of the bit tables */
    boolean isBit() {
        return this == BOOLEAN;
    }

    /** @return {@code true} for the integer types, which have a raw range */
    boolean isInteger() {
        return this == INT16 || this == UINT16 || this == INT32 || this == UINT32;
    }

    /** @return the smallest raw value of an integer type */
    long min() {
        return min;
    }

    /** @return the largest raw value of an integer type */
    long max() {
        return max;
    }
}
