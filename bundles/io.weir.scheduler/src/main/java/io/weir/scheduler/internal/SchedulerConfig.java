// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the scheduler, PID {@value SchedulerComponent#PID}. */
@ObjectClassDefinition(name = "Weir scheduler", description = "Places tasks on the local worker pool or remote targets "
        + "with the active scheduling policy")
public @interface SchedulerConfig {

    @AttributeDefinition(name = "Policy", description = "weir.scheduler.policy.name of the policy to use; empty: the "
            + "policy service with the highest ranking (installing a higher-ranked policy bundle then swaps it in). "
            + "Changing it swaps the policy at once; queued tasks stay queued", required = false)
    String policy() default "";

    @AttributeDefinition(name = "Local workers", description = "Threads of the local pool; 0 = one per core. "
            + "Takes effect when the component restarts", min = "0", max = "256")
    int localWorkers() default 0;

    @AttributeDefinition(name = "Queue limit", description = "Tasks waiting to be placed at most; beyond, new tasks are "
            + "rejected with the reason", min = "1")
    int maxQueued() default 10_000;

    @AttributeDefinition(name = "Remote timeout (ms)", description = "How long a remote target has to answer; after it "
            + "the task runs locally if its deadline allows", min = "1")
    long remoteTimeoutMs() default 2_000;

    @AttributeDefinition(name = "EWMA weight", description = "Weight of a new observation in the latency estimates, "
            + "(0, 1]")
    double ewmaAlpha() default 0.2;

    @AttributeDefinition(name = "Recovery half-life (s)", description = "A failed or timed-out remote attempt counts "
            + "against the target's estimates; while no new result comes from it, that penalty halves every this "
            + "many seconds, so a policy that compares expected times tries the target again after it recovers. "
            + "0: the penalty stays until results replace it", min = "0", max = "86400")
    long recoveryHalfLifeSeconds() default 30;
}
