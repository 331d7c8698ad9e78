// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.asset.AssetState;
import io.weir.asset.AssetStatus;
import io.weir.asset.AssetStatusReason;

/**
 * Holds an asset's status. Written by the asset's thread only (single writer), read by anyone. A change of
 * state or reason starts a new {@code since} and is logged once: at ERROR when the asset enters the ERROR state
 * (an operator must act), at INFO otherwise. A change of the message alone keeps {@code since} and is logged at
 * DEBUG only, so a flapping channel list does not flood the log.
 */
final class StatusTracker {

    private static final Logger LOG = LoggerFactory.getLogger(StatusTracker.class);

    private final String asset;
    private final LongSupplier clock;
    private volatile AssetStatus current;

    StatusTracker(String asset, LongSupplier clock) {
        this.asset = asset;
        this.clock = clock;
        this.current = new AssetStatus(AssetState.UNKNOWN, AssetStatusReason.INITIALIZING, "starting",
                clock.getAsLong());
    }

    /** @return the current status, never {@code null} */
    AssetStatus get() {
        return current;
    }

    /**
     * Sets the status; called on the asset's thread only.
     *
     * @return {@code true} if the state or the reason changed
     */
    boolean set(AssetState state, AssetStatusReason reason, String message) {
        AssetStatus old = current;
        if (old.state() == state && old.reason() == reason) {
            if (!old.message().equals(message)) {
                current = new AssetStatus(state, reason, message, old.since());
                LOG.debug("asset {}: {} ({}): {}", asset, state, reason, message);
            }
            return false;
        }
        current = new AssetStatus(state, reason, message, clock.getAsLong());
        if (state == AssetState.ERROR) {
            LOG.error("asset {}: {} -> ERROR ({}): {}", asset, old.state(), reason, message);
        } else if (message.isEmpty()) {
            LOG.info("asset {}: {} -> {} ({})", asset, old.state(), state, reason);
        } else {
            LOG.info("asset {}: {} -> {} ({}): {}", asset, old.state(), state, reason, message);
        }
        return true;
    }
}
