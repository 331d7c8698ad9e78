// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

/** A value that cannot be converted between a channel's type and its raw Modbus layout: a TYPE_MISMATCH. */
final class ConversionException extends Exception {

    private static final long serialVersionUID = 1L;

    ConversionException(String message) {
        super(message);
    }
}
