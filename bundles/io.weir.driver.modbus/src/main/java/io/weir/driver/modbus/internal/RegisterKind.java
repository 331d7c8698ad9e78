// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/** The four Modbus data tables. Bit tables hold one bit per address, register tables 16 bits per address. */
enum RegisterKind {
    /** Read/write bits (functions 1, 5, 15). */
    COIL(true, true),
    /** Read-only bits (function 2). */
    DISCRETE_INPUT(true, false),
    /** Read-only 16-bit registers (function 4). */
    INPUT_REGISTER(false, false),
    /** Read/write 16-bit registers (functions 3, 6, 16). */
    HOLDING_REGISTER(false, true);

    private final boolean bit;
    private final boolean writable;

    RegisterKind(boolean bit, boolean writable) {
        this.bit = bit;
        this.writable = writable;
    }

    /** @return {@code true} for the bit tables (coils, discrete inputs) */
    boolean isBit() {
        return bit;
    }

    /** @return {@code true} if the table can be written (coils, holding registers) */
    boolean isWritable() {
        return writable;
    }
}
