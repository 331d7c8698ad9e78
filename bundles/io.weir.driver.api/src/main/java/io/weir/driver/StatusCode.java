// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outcome of a driver operation on the device: {@link #OK} or the reason it failed. Defined by Weir: a
 * provider type (new codes may be added in minor versions, so callers keep a default branch).
 */
@ProviderType
public enum StatusCode {
    /** The operation succeeded. */
    OK,
    /** The device could not be reached: connection refused, lost or not possible (network, I/O error). */
    COMMUNICATION_ERROR,
    /** The device did not answer within the driver's timeout. */
    TIMEOUT,
    /** The device answered with an error, for example a Modbus exception code or a bad OPC UA status. */
    DEVICE_ERROR,
    /** The channel configuration is invalid for this driver: a missing or bad setting. */
    INVALID_CHANNEL,
    /** The operation is not possible on this channel, for example writing a read-only channel. */
    UNSUPPORTED,
    /** A value could not be converted between the device's type and the channel's type. */
    TYPE_MISMATCH;

    /**
     * Tells whether this code means the device could not be talked to at all, as opposed to an error about
     * one channel or value. Assets use it to decide between OFFLINE (the device is away) and a channel error.
     *
     * @return {@code true} for {@link #COMMUNICATION_ERROR} and {@link #TIMEOUT}
     */
    public boolean isCommunicationFailure() {
        return this == COMMUNICATION_ERROR || this == TIMEOUT;
    }
}
