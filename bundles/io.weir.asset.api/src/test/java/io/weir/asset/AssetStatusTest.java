// SPDX-License-Identifier: Apache-2.0
package io.weir.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AssetStatusTest {

    @Test
    void onlineTakesOnlyNoneOrChannelError() {
        assertThatCode(() -> new AssetStatus(AssetState.ONLINE, AssetStatusReason.NONE, "", 1L))
                .doesNotThrowAnyException();
        assertThatCode(() -> new AssetStatus(AssetState.ONLINE, AssetStatusReason.CHANNEL_ERROR, "t: code 2", 1L))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new AssetStatus(AssetState.ONLINE, AssetStatusReason.COMMUNICATION_ERROR, "", 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("COMMUNICATION_ERROR");
    }

    @Test
    void otherStatesNeedAReason() {
        for (AssetState state : new AssetState[] {AssetState.UNKNOWN, AssetState.OFFLINE, AssetState.ERROR}) {
            assertThatThrownBy(() -> new AssetStatus(state, AssetStatusReason.NONE, "", 1L))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new AssetStatus(state, AssetStatusReason.CHANNEL_ERROR, "", 1L))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        AssetStatus offline = new AssetStatus(AssetState.OFFLINE, AssetStatusReason.COMMUNICATION_ERROR,
                "connection refused: 10.0.0.5:502", 42L);
        assertThat(offline.since()).isEqualTo(42L);
        assertThat(offline.message()).contains("502");
    }

    @Test
    void rejectsNullMessage() {
        assertThatThrownBy(() -> new AssetStatus(AssetState.UNKNOWN, AssetStatusReason.INITIALIZING, null, 0L))
                .isInstanceOf(NullPointerException.class);
    }
}
