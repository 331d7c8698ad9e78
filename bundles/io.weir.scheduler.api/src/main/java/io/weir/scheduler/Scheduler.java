// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Places submitted tasks on execution targets with the active {@link SchedulingPolicy}, runs them and reports how
 * each ended. Registered by the scheduler bundle: a provider type.
 */
@ProviderType
public interface Scheduler {

    /**
     * Submits a task. Never blocks and never throws for a bad task: a task that cannot be accepted (invalid, past
     * its deadline, queue full) completes at once as REJECTED or EXPIRED with the reason.
     *
     * @param task the task
     * @param work what it does
     * @return completes exactly once with the outcome
     */
    CompletionStage<TaskOutcome> submit(Task task, Work work);

    /** @return the name of the active policy, or an empty string while none is available */
    String activePolicy();

    /** @return a snapshot of the targets as the policy sees them now */
    ClusterView view();

    /** @return counters per target and per policy since the scheduler started */
    List<SchedulerMetrics> metrics();
}
