// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/**
 * A channel's Modbus settings, parsed and checked by {@link ChannelSettings#parse}. Immutable.
 *
 * @param kind the table the value lives in
 * @param address the first address, 0-65535 (protocol addresses, not the 1-based "40001" notation)
 * @param type the raw layout
 * @param wordOrder order of the registers of a 32/64-bit value
 * @param byteOrder order of the two bytes inside each register
 * @param scale engineering value = raw * scale + offset; finite, not zero
 * @param offset see {@code scale}; finite
 */
record ChannelSpec(RegisterKind kind, int address, ModbusType type, Endian wordOrder, Endian byteOrder,
        double scale, double offset) {

    /** @return how many addresses the value occupies: 1 for a bit, else its register count */
    int length() {
        return type.isBit() ? 1 : type.registers();
    }

    /** @return {@code true} if no scaling applies, so integer raw values convert exactly */
    boolean isIdentityScaling() {
        return scale == 1.0 && offset == 0.0;
    }
}
