// SPDX-License-Identifier: Apache-2.0
/**
 * Task placement between the gateway and the cloud.
 *
 * <p>Weir's scheduler accepts {@link io.weir.scheduler.Task tasks}, keeps a live {@link
 * io.weir.scheduler.ClusterView view} of every execution {@link io.weir.scheduler.TargetView target} (the local
 * worker pool, accelerators, the cloud, neighbour gateways), and asks the one active {@link
 * io.weir.scheduler.SchedulingPolicy policy} where each task runs. Policies are separate bundles, selected by
 * configuration through their {@link io.weir.scheduler.PolicyName name} and swappable at run time.
 *
 * <p><b>Latency model.</b> The expected completion time of a task {@code t} on a target is
 *
 * <pre>
 * T = uplinkMs + t.inputBytes / 1024 * uplinkMsPerKiB   (T_uplink;     0 for local targets)
 *   + queueMs                                          (T_edge_queue or T_cloud_queue)
 *   + t.costMs * computeFactor                          (T_edge_compute or T_cloud_compute)
 *   + downlinkMs                                       (T_downlink;   0 for local targets)
 * </pre>
 *
 * <p>with the terms taken from the target's {@link io.weir.scheduler.LatencyEstimates}, which the scheduler
 * learns from completed tasks as exponentially weighted moving averages. For a local target this is {@code
 * T_edge_queue + T_edge_compute}; for the cloud it is {@code T_uplink + T_cloud_queue + T_cloud_compute +
 * T_downlink}.
 *
 * <p><b>Time.</b> Instants ({@link io.weir.scheduler.ClusterView#nowMs()}, {@link
 * io.weir.scheduler.Task#deadlineMs()}) are milliseconds of the scheduler's clock: wall-clock time in
 * production, virtual time in the simulation harness. Policies never read the system clock.
 *
 * <p><b>Threads.</b> The scheduler calls a policy on its single scheduling thread, never concurrently.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. All records are
 * immutable and safe to share between threads.
 */
@Export
@Version("1.2.0")
@NullMarked
package io.weir.scheduler;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
