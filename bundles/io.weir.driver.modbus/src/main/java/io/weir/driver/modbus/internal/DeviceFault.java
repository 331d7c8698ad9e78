// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.modbus.internal;

import io.weir.driver.DriverStatus;
import io.weir.driver.StatusCode;

/**
 * A failed exchange with the device, already classified: COMMUNICATION_ERROR or TIMEOUT (the connection is
 * gone), or DEVICE_ERROR (the device answered with a Modbus exception; the connection stays open). Internal
 * control flow between {@link ModbusLink} and the driver; never leaves the bundle.
 */
final class DeviceFault extends Exception {

    private static final long serialVersionUID = 1L;

    private final StatusCode code;
    private final int exceptionCode;

    /**
     * @param code the classification, not OK
     * @param message what failed, for the result status and the log
     * @param exceptionCode the Modbus exception code of a DEVICE_ERROR, 0 otherwise
     */
    DeviceFault(StatusCode code, String message, int exceptionCode) {
        super(message, null, false, false);
        this.code = code;
        this.exceptionCode = exceptionCode;
    }

    StatusCode code() {
        return code;
    }

    /** @return the Modbus exception code of a DEVICE_ERROR (2 = illegal data address ...), 0 otherwise */
    int exceptionCode() {
        return exceptionCode;
    }

    DriverStatus status() {
        return DriverStatus.error(code, getMessage());
    }
}
