// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why an {@link Asset} is in its {@link AssetState state}. Defined by Weir: a provider type (new reasons may be
 * added in minor versions, so callers keep a default branch).
 */
@ProviderType
public enum AssetStatusReason {
    /** Nothing to report; used with {@link AssetState#ONLINE} only. */
    NONE,
    /** The asset is starting; used with {@link AssetState#UNKNOWN}. */
    INITIALIZING,
    /** Some channels fail while the device answers; used with {@link AssetState#ONLINE}. */
    CHANNEL_ERROR,
    /** The driver instance the asset is configured for is not available (not configured, or being updated). */
    DRIVER_MISSING,
    /** The device cannot be reached or does not answer in time. */
    COMMUNICATION_ERROR,
    /** The device answers every request with an error. */
    DEVICE_ERROR,
    /** The asset or channel configuration is invalid; the message names the setting. */
    CONFIGURATION_ERROR,
    /** An unexpected failure inside Weir; the log has the details. */
    INTERNAL_ERROR
}
