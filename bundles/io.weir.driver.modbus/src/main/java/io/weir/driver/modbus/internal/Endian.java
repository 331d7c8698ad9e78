// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/**
 * Order of the words of a multi-register value, or of the two bytes inside each register. {@link #BIG} means
 * most significant first, which is the Modbus default ("ABCD"); word order {@link #LITTLE} gives "CDAB", byte
 * order {@link #LITTLE} gives "BADC", both give "DCBA".
 */
enum Endian {
    BIG,
    LITTLE
}
