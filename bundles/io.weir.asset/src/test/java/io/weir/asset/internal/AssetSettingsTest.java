// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AssetSettingsTest {

    private static final String[] ONE = {"{\"name\":\"a\",\"type\":\"DOUBLE\"}"};

    @Test
    void acceptsAValidConfiguration() {
        AssetSettings s = AssetSettings.of("io.weir.asset", "pump", "sim-1", ONE, 0);
        assertThat(s.listenMode()).isTrue();
        assertThat(s.channels()).hasSize(1);
        assertThat(AssetSettings.of("io.weir.asset", "pump", "sim-1", ONE, 250).listenMode()).isFalse();
    }

    @Test
    void namesPidAndAttribute() {
        assertThatThrownBy(() -> AssetSettings.of("io.weir.asset", " ", "sim", ONE, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.weir.asset: attribute weir.asset.name is required");
        assertThatThrownBy(() -> AssetSettings.of("io.weir.asset", "pump", null, ONE, 1))
                .hasMessageStartingWith("io.weir.asset: attribute driverName is required");
        assertThatThrownBy(() -> AssetSettings.of("io.weir.asset", "pump", "sim", ONE, -5))
                .hasMessageStartingWith("io.weir.asset: attribute samplingPeriodMs must be >= 0")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> AssetSettings.of("io.weir.asset", "pump", "sim", null, 1))
                .hasMessageStartingWith("io.weir.asset: attribute channels");
    }
}
