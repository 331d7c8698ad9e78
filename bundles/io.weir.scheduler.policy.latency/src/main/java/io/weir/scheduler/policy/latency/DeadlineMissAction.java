// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency;

import org.osgi.annotation.versioning.ProviderType;

/** What {@link LatencyAwarePolicy} does with a task whose deadline no target is expected to meet. */
@ProviderType
public enum DeadlineMissAction {
    /**
     * Place it on the target with the least expected completion time anyway, the reason starting with {@code
     * deadline at risk}: the estimates are averages, so the fastest target is still the task's best chance.
     */
    RUN_FASTEST,
    /** {@linkplain io.weir.scheduler.Placement#reject(String) Reject} it with the reason {@code deadline unreachable}. */
    REJECT
}
