// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides where each task runs. Registered as a service with the {@link PolicyName} property; the scheduler
 * uses the one its configuration names, and switches when the configuration or the installed policies change.
 * Queued tasks survive a switch.
 *
 * <p>Implemented by policy bundles (Weir's and integrators'), hence a consumer type. The simulation harness
 * drives the same classes outside OSGi, so a policy depends on nothing but this package and its own
 * configuration.
 *
 * <p>Threads: the scheduler calls {@link #place(Task, ClusterView)} on its single scheduling thread, never
 * concurrently, and successive calls happen-before each other, so a policy may keep plain mutable state (a
 * round robin cursor, a reservation level) without synchronisation.
 */
@ConsumerType
public interface SchedulingPolicy {

    /** @return the policy name, the same as its {@link PolicyName} property; never {@code null} */
    String name();

    /**
     * Places one task. Must not block and should return within microseconds; must not read the system clock
     * (use {@link ClusterView#nowMs()}).
     *
     * <p>Rules the scheduler relies on: a {@link PlacementDecision#PLACE} names a target of the view that is
     * {@linkplain TargetView#available() available}, and a {@linkplain TargetKind#isRemote() remote} one only
     * for an {@linkplain Task#offloadable() offloadable} task. When a placed task fails (a cloud timeout, an
     * executor error), the scheduler asks again with the failed target marked unavailable, so the policy's
     * answer to that second call is its fallback.
     *
     * @param task the task, never {@code null}; its deadline has not passed
     * @param view the targets, valid during this call only
     * @return the placement, never {@code null}. A placement that breaks the rules above, or an exception,
     *         counts as a policy failure: the scheduler logs it and runs the task on the local target.
     */
    Placement place(Task task, ClusterView view);
}
