// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An execution target outside the gateway's worker pool: the cloud (offload) or a neighbour gateway. Registered as a
 * service; the scheduler shows it to the policy in its {@link ClusterView} and sends it the tasks placed on it.
 * Implemented by target bundles (the cloud offload target): a consumer type.
 */
@ConsumerType
public interface RemoteTarget {

    /** @return a stable, unique id, for example {@code cloud} */
    String id();

    /** @return {@link TargetKind#CLOUD} or {@link TargetKind#NEIGHBOUR} */
    TargetKind kind();

    /** @return how many tasks it runs at once (the scheduler keeps at most that many in flight there) */
    int capacity();

    /** @return whether it can take tasks now (false while the uplink is down); never blocks */
    boolean available();

    /**
     * The link terms of the latency model as the target measures them (uplink latency and per-KiB cost, downlink
     * latency); the scheduler adds its own EWMA of the remote queue and compute terms from completed tasks.
     *
     * @return the target's link estimates; never blocks
     */
    LatencyEstimates linkEstimates();

    /**
     * Sends one task. Must not block: the answer completes the stage, on any thread.
     *
     * @param task the task
     * @param request what to run
     * @param timeoutMs how long the scheduler waits for the answer; the target should give up after it too
     * @return the result bytes, or a failure (the scheduler then falls back to a local run)
     */
    CompletionStage<byte[]> execute(Task task, OffloadRequest request, long timeoutMs);
}
