// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of an asset's status: state, reason, a message and since when. A DTO defined by Weir: a
 * provider type. Immutable.
 *
 * @param state the coarse state
 * @param reason why the asset is in that state: {@link AssetStatusReason#NONE} or {@link
 *        AssetStatusReason#CHANNEL_ERROR} when {@link AssetState#ONLINE}, any other reason otherwise
 * @param message details for operators (the failing channel, the device's error), empty if none; never
 *        {@code null}; never contains credentials
 * @param since when the asset entered this state and reason, milliseconds since the epoch
 */
@ProviderType
public record AssetStatus(AssetState state, AssetStatusReason reason, String message, long since) {

    /**
     * Checks for {@code null} and that the reason fits the state.
     *
     * @param state see {@link #state()}
     * @param reason see {@link #reason()}
     * @param message see {@link #message()}
     * @param since see {@link #since()}
     */
    public AssetStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        boolean onlineReason = reason == AssetStatusReason.NONE || reason == AssetStatusReason.CHANNEL_ERROR;
        if ((state == AssetState.ONLINE) != onlineReason) {
            throw new IllegalArgumentException("reason " + reason + " does not fit state " + state);
        }
    }
}
