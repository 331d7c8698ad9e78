// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the dynamic-reservation policy, PID {@value DynamicReservationComponent#PID}. */
@ObjectClassDefinition(name = "Weir scheduling policy: dynamic reservation",
        description = "Keeps load x ratio of each target's capacity for high-priority tasks; the ratio grows while "
                + "the target's load is above a threshold and shrinks while it is below another. Tasks go to the "
                + "least-loaded target they may use.")
@interface DynamicReservationConfig {

    @AttributeDefinition(name = "Highest high priority", min = "0", max = "9",
            description = "Tasks with a priority up to this (0 = most urgent) may use a target's whole capacity; "
                    + "the others only what is not reserved.")
    int highPriorityMax() default 2;

    @AttributeDefinition(name = "Grow above", min = "0",
            description = "A target's ratio grows while its load (share of capacity in use) is strictly above this. "
                    + "Must be greater than 'Shrink below'.")
    double growAbove() default 0.8;

    @AttributeDefinition(name = "Shrink below", min = "0",
            description = "A target's ratio shrinks while its load is strictly below this.")
    double shrinkBelow() default 0.2;

    @AttributeDefinition(name = "Ratio step", min = "0", max = "1",
            description = "How much the ratio changes per adjustment, in (0, 1].")
    double ratioStep() default 0.05;

    @AttributeDefinition(name = "Initial ratio", min = "0", max = "1",
            description = "The ratio of a target seen for the first time, between the minimum and the maximum.")
    double initialRatio() default 0.25;

    @AttributeDefinition(name = "Minimum ratio", min = "0", max = "1", description = "The lowest ratio.")
    double minRatio() default 0;

    @AttributeDefinition(name = "Maximum ratio", min = "0", max = "1",
            description = "The highest ratio, at least the minimum.")
    double maxRatio() default 0.5;

    @AttributeDefinition(name = "Adjustment interval (ms)", min = "0",
            description = "A target's ratio is adjusted at most once per this many milliseconds of the scheduler's "
                    + "clock; 0 = on every placement.")
    long adjustIntervalMs() default 0;
}
