// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency;

import java.util.Arrays;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Settings of {@link LatencyAwarePolicy}. Immutable.
 *
 * @param remoteDeadlineMarginMs safety margin added to a remote target's expected completion time when checking a
 *        deadline (not when ranking): remote estimates carry network jitter; finite, {@code >= 0}
 * @param onDeadlineMiss what to do when no target is expected to meet the deadline; not {@code null}
 */
@ProviderType
public record LatencyAwareSettings(double remoteDeadlineMarginMs, DeadlineMissAction onDeadlineMiss) {

    /** The defaults: no margin; run a task whose deadline is at risk on the fastest target. */
    public static final LatencyAwareSettings DEFAULTS = new LatencyAwareSettings(0, DeadlineMissAction.RUN_FASTEST);

    /**
     * Checks the ranges.
     *
     * @param remoteDeadlineMarginMs see {@link #remoteDeadlineMarginMs()}
     * @param onDeadlineMiss see {@link #onDeadlineMiss()}
     * @throws IllegalArgumentException naming the attribute when a value is out of range
     */
    public LatencyAwareSettings {
        if (!(remoteDeadlineMarginMs >= 0) || Double.isInfinite(remoteDeadlineMarginMs)) {
            throw new IllegalArgumentException("'remoteDeadlineMarginMs' must be finite and >= 0, was "
                    + remoteDeadlineMarginMs);
        }
        if (onDeadlineMiss == null) {
            throw new IllegalArgumentException("'onDeadlineMiss' must be one of "
                    + Arrays.toString(DeadlineMissAction.values()));
        }
    }
}
