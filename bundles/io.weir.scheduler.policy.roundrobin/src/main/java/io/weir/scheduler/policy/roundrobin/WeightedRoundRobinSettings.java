// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Settings of {@link WeightedRoundRobinPolicy}. Immutable.
 *
 * @param maxWeight the largest weight a target gets: caps {@code capacity / computeFactor} for an elastic cloud
 *        (infinite capacity) or a compute factor of 0; finite, {@code > 0}
 */
@ProviderType
public record WeightedRoundRobinSettings(double maxWeight) {

    /** The defaults: {@code maxWeight} 100. */
    public static final WeightedRoundRobinSettings DEFAULTS = new WeightedRoundRobinSettings(100);

    /**
     * Checks the ranges.
     *
     * @param maxWeight see {@link #maxWeight()}
     * @throws IllegalArgumentException naming the attribute when a value is out of range
     */
    public WeightedRoundRobinSettings {
        if (!(maxWeight > 0) || Double.isInfinite(maxWeight)) {
            throw new IllegalArgumentException("'maxWeight' must be finite and > 0, was " + maxWeight);
        }
    }
}
