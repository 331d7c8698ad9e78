// SPDX-License-Identifier: Apache-2.0
package io.weir.asset.internal;

import java.util.List;

/**
 * An asset's validated configuration. Everything here is checked without a driver; a problem is a
 * programming or typing error in the configuration and fails activation with an {@link IllegalArgumentException}
 * that names the PID and the attribute.
 *
 * @param name the asset name, not blank
 * @param driverName the {@code weir.driver.name} of the driver instance to use, not blank
 * @param channels the configured channels, at least one, unique names
 * @param samplingPeriodMs the sampling period, or 0 for listen mode
 */
record AssetSettings(String name, String driverName, List<ChannelSpec> channels, long samplingPeriodMs) {

    static final String NAME_ATTRIBUTE = "weir.asset.name";
    static final String DRIVER_ATTRIBUTE = "driverName";
    static final String CHANNELS_ATTRIBUTE = "channels";
    static final String PERIOD_ATTRIBUTE = "samplingPeriodMs";

    AssetSettings {
        channels = List.copyOf(channels);
    }

    /**
     * @throws IllegalArgumentException naming the PID and the attribute
     */
    static AssetSettings of(String pid, String name, String driverName, String[] channels, long samplingPeriodMs) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(pid + ": attribute " + NAME_ATTRIBUTE + " is required");
        }
        if (driverName == null || driverName.isBlank()) {
            throw new IllegalArgumentException(pid + ": attribute " + DRIVER_ATTRIBUTE + " is required (asset "
                    + name + ")");
        }
        if (samplingPeriodMs < 0) {
            throw new IllegalArgumentException(pid + ": attribute " + PERIOD_ATTRIBUTE + " must be >= 0 (0 = listen "
                    + "mode), got " + samplingPeriodMs + " (asset " + name + ")");
        }
        List<ChannelSpec> specs = ChannelSpec.parseAll(pid, CHANNELS_ATTRIBUTE, channels == null ? new String[0]
                : channels);
        return new AssetSettings(name, driverName, specs, samplingPeriodMs);
    }

    /** @return {@code true} in listen mode (sampling period 0) */
    boolean listenMode() {
        return samplingPeriodMs == 0;
    }
}
