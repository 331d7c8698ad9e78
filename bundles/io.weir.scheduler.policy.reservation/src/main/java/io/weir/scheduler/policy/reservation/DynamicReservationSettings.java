// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation;

import org.osgi.annotation.versioning.ProviderType;

import io.weir.scheduler.Task;

/**
 * Settings of {@link DynamicReservationPolicy}. Immutable.
 *
 * @param highPriorityMax tasks with a priority up to this (0 is the most urgent) are high-priority: they may use the
 *        whole capacity; {@value Task#PRIORITY_HIGHEST} to {@value Task#PRIORITY_LOWEST}
 * @param growAbove the ratio grows when a target's load is strictly above this; finite, {@code > shrinkBelow}
 * @param shrinkBelow the ratio shrinks when a target's load is strictly below this; finite, {@code >= 0}
 * @param ratioStep how much the ratio changes per adjustment; in {@code (0, 1]}
 * @param initialRatio the ratio of a target seen for the first time; in {@code [minRatio, maxRatio]}
 * @param minRatio the lowest ratio; in {@code [0, 1]}
 * @param maxRatio the highest ratio; in {@code [minRatio, 1]}
 * @param adjustIntervalMs a target's ratio is adjusted at most once per this many milliseconds of the scheduler's
 *        clock; {@code 0} = on every call; {@code >= 0}
 */
@ProviderType
public record DynamicReservationSettings(int highPriorityMax, double growAbove, double shrinkBelow, double ratioStep,
        double initialRatio, double minRatio, double maxRatio, long adjustIntervalMs) {

    /**
     * The defaults: priorities 0 to 2 are high; grow above 0.8, shrink below 0.2, by 0.05 per call, from 0.25,
     * between 0 and 0.5.
     */
    public static final DynamicReservationSettings DEFAULTS = new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.25,
            0, 0.5, 0);

    /**
     * Checks the ranges.
     *
     * @param highPriorityMax see {@link #highPriorityMax()}
     * @param growAbove see {@link #growAbove()}
     * @param shrinkBelow see {@link #shrinkBelow()}
     * @param ratioStep see {@link #ratioStep()}
     * @param initialRatio see {@link #initialRatio()}
     * @param minRatio see {@link #minRatio()}
     * @param maxRatio see {@link #maxRatio()}
     * @param adjustIntervalMs see {@link #adjustIntervalMs()}
     * @throws IllegalArgumentException naming the attribute when a value is out of range
     */
    public DynamicReservationSettings {
        if (highPriorityMax < Task.PRIORITY_HIGHEST || highPriorityMax > Task.PRIORITY_LOWEST) {
            throw invalid("highPriorityMax", "must be in [" + Task.PRIORITY_HIGHEST + ", " + Task.PRIORITY_LOWEST
                    + "]", highPriorityMax);
        }
        if (!(shrinkBelow >= 0) || Double.isInfinite(shrinkBelow)) {
            throw invalid("shrinkBelow", "must be finite and >= 0", shrinkBelow);
        }
        if (!(growAbove > shrinkBelow) || Double.isInfinite(growAbove)) {
            throw invalid("growAbove", "must be finite and > shrinkBelow (" + shrinkBelow + ")", growAbove);
        }
        if (!(ratioStep > 0 && ratioStep <= 1)) {
            throw invalid("ratioStep", "must be in (0, 1]", ratioStep);
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw invalid("minRatio", "must be in [0, 1]", minRatio);
        }
        if (!(maxRatio >= minRatio && maxRatio <= 1)) {
            throw invalid("maxRatio", "must be in [minRatio (" + minRatio + "), 1]", maxRatio);
        }
        if (!(initialRatio >= minRatio && initialRatio <= maxRatio)) {
            throw invalid("initialRatio", "must be in [minRatio, maxRatio] = [" + minRatio + ", " + maxRatio + "]",
                    initialRatio);
        }
        if (adjustIntervalMs < 0) {
            throw invalid("adjustIntervalMs", "must be >= 0", adjustIntervalMs);
        }
    }

    private static IllegalArgumentException invalid(String attribute, String rule, Object value) {
        return new IllegalArgumentException("'" + attribute + "' " + rule + ", was " + value);
    }
}
