// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The coarse state of an {@link Asset}; the {@link AssetStatusReason reason} says why. Defined by Weir: a
 * provider type.
 */
@ProviderType
public enum AssetState {
    /** Not known yet: the asset is starting and has not talked to the device. */
    UNKNOWN,
    /** The device answers; records flow. Some channels may still fail ({@link AssetStatusReason#CHANNEL_ERROR}). */
    ONLINE,
    /** The device cannot be reached or the driver is missing. The asset retries with a backoff by itself. */
    OFFLINE,
    /**
     * The asset cannot work until someone acts: invalid configuration or an internal failure. Retrying
     * without a change would not help.
     */
    ERROR
}
