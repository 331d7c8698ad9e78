// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.leastload;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Settings of {@link LeastLoadPolicy}. Immutable.
 *
 * @param maxUtilisation a target whose utilisation after the task would exceed this is not used (the task is
 *        deferred when every target would); {@code 0} = no limit, the greedy policy of the design; otherwise finite,
 *        {@code > 0}
 */
@ProviderType
public record LeastLoadSettings(double maxUtilisation) {

    /** The defaults: no utilisation limit. */
    public static final LeastLoadSettings DEFAULTS = new LeastLoadSettings(0);

    /**
     * Checks the ranges.
     *
     * @param maxUtilisation see {@link #maxUtilisation()}
     * @throws IllegalArgumentException naming the attribute when a value is out of range
     */
    public LeastLoadSettings {
        if (!(maxUtilisation >= 0) || Double.isInfinite(maxUtilisation)) {
            throw new IllegalArgumentException("'maxUtilisation' must be 0 (no limit) or finite and > 0, was "
                    + maxUtilisation);
        }
    }
}
