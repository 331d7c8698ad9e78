// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

/**
 * A channel configuration that the bound driver cannot accept. Reported as the asset's ERROR status with
 * {@code CONFIGURATION_ERROR}; never escapes the asset. The message names the channel and the setting.
 */
final class ChannelConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    ChannelConfigException(String message) {
        super(message);
    }
}
