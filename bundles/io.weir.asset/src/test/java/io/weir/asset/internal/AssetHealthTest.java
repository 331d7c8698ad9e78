// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.weir.asset.AssetState;
import io.weir.asset.AssetStatus;
import io.weir.asset.AssetStatusReason;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;

class AssetHealthTest {

    @Test
    void mapsStatesToHealth() {
        assertThat(AssetHealth.state(new AssetStatus(AssetState.ONLINE, AssetStatusReason.CHANNEL_ERROR, "x", 0)))
                .isEqualTo(HealthState.UP);
        assertThat(AssetHealth.state(new AssetStatus(AssetState.UNKNOWN, AssetStatusReason.INITIALIZING, "", 0)))
                .isEqualTo(HealthState.UP);
        assertThat(AssetHealth.state(new AssetStatus(AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING, "", 0)))
                .isEqualTo(HealthState.DEGRADED);
        assertThat(AssetHealth.state(new AssetStatus(AssetState.ERROR, AssetStatusReason.CONFIGURATION_ERROR, "", 0)))
                .isEqualTo(HealthState.DEGRADED);
        assertThat(AssetHealth.message(new AssetStatus(AssetState.OFFLINE, AssetStatusReason.DRIVER_MISSING,
                "driver x not available", 0))).isEqualTo("OFFLINE (DRIVER_MISSING): driver x not available");
    }

    @Test
    void reportsTheAssetUnderItsName() {
        AssetRunner runner = new AssetRunner(AssetSettings.of("io.weir.asset", "pump", "d",
                new String[] {"{\"name\":\"a\",\"type\":\"DOUBLE\"}"}, 100), System::currentTimeMillis);
        try {
            AssetHealth health = new AssetHealth(runner);
            assertThat(health.name()).isEqualTo("asset.pump");
            HealthReport report = health.health();
            assertThat(report.state()).isEqualTo(HealthState.UP);
            assertThat(report.details()).containsEntry("state", "UNKNOWN").containsEntry("driver", "d")
                    .containsKeys("samples", "records", "skippedSamples", "listenerErrors", "droppedValues");
        } finally {
            runner.close();
        }
    }
}
