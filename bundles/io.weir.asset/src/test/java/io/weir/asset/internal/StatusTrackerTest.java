// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.weir.asset.AssetState;
import io.weir.asset.AssetStatusReason;

class StatusTrackerTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final StatusTracker status = new StatusTracker("pump", clock::get);

    @Test
    void startsUnknown() {
        assertThat(status.get().state()).isEqualTo(AssetState.UNKNOWN);
        assertThat(status.get().reason()).isEqualTo(AssetStatusReason.INITIALIZING);
        assertThat(status.get().since()).isEqualTo(1_000);
    }

    @Test
    void aNewStateOrReasonStartsANewSinceAMessageDoesNot() {
        clock.set(2_000);
        assertThat(status.set(AssetState.ONLINE, AssetStatusReason.CHANNEL_ERROR, "1 of 2 failing: a")).isTrue();
        clock.set(3_000);
        assertThat(status.set(AssetState.ONLINE, AssetStatusReason.CHANNEL_ERROR, "1 of 2 failing: b")).isFalse();
        assertThat(status.get().message()).isEqualTo("1 of 2 failing: b");
        assertThat(status.get().since()).isEqualTo(2_000);
        clock.set(4_000);
        assertThat(status.set(AssetState.ONLINE, AssetStatusReason.NONE, "")).isTrue();
        assertThat(status.get().since()).isEqualTo(4_000);
        clock.set(5_000);
        assertThat(status.set(AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING, "driver x not available")).isTrue();
        assertThat(status.get().since()).isEqualTo(5_000);
        assertThat(status.set(AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING, "driver x not available")).isFalse();
    }
}
