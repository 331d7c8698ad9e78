// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The terms of the latency model for one target, learned by the scheduler from completed tasks as
 * exponentially weighted moving averages. The package documentation shows how they combine into an expected
 * completion time. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param queueMs expected wait before a new task starts executing: the edge queue for local targets, the
 *        cloud's queue for the cloud
 * @param computeFactor execution time per unit of {@linkplain Task#costMs() task cost}: 1.0 on a reference
 *        local core, below 1.0 on faster executors
 * @param uplinkMs fixed part of sending a task to the target (outbound queue, round trip); 0 for local
 *        targets
 * @param uplinkMsPerKiB transfer time per KiB of task input; 0 for local targets
 * @param downlinkMs time for the result to come back; 0 for local targets
 */
@ProviderType
public record LatencyEstimates(double queueMs, double computeFactor, double uplinkMs, double uplinkMsPerKiB,
        double downlinkMs) {

    /** Estimates of a local reference core with no queue: everything 0 except a compute factor of 1. */
    public static final LatencyEstimates LOCAL_DEFAULT = new LatencyEstimates(0, 1, 0, 0, 0);

    /**
     * Checks that every term is finite and {@code >= 0}.
     *
     * @param queueMs see {@link #queueMs()}
     * @param computeFactor see {@link #computeFactor()}
     * @param uplinkMs see {@link #uplinkMs()}
     * @param uplinkMsPerKiB see {@link #uplinkMsPerKiB()}
     * @param downlinkMs see {@link #downlinkMs()}
     */
    public LatencyEstimates {
        check("queueMs", queueMs);
        check("computeFactor", computeFactor);
        check("uplinkMs", uplinkMs);
        check("uplinkMsPerKiB", uplinkMsPerKiB);
        check("downlinkMs", downlinkMs);
    }

    /**
     * How many tasks a remote target can usefully have in flight when each task's input crosses the uplink one
     * transfer after the other (Little's law). A task is in flight for {@code inFlightMs}, of which {@code inputKiB
     * * uplinkMsPerKiB} on the uplink, so {@code inFlightMs / (inputKiB * uplinkMsPerKiB)} tasks keep the uplink busy
     * and more only queue behind each other on it. On a slow uplink this is far below the target's workers: the
     * scheduler reports a remote target's {@linkplain TargetView#capacity() capacity} and {@linkplain
     * TargetView#load() load} against it, so a policy that balances load does not pile tasks onto a link that
     * cannot carry them.
     *
     * @param capacity the target's own slots (its workers), {@code >= 1}
     * @param inFlightMs the mean time from sending a task to its result
     * @param inputKiB the mean input size of the tasks sent there
     * @return from 1 to {@code capacity}: {@code capacity} when the uplink costs nothing per KiB or nothing has
     *     been measured yet (an argument {@code <= 0} or not finite)
     * @since 1.2
     */
    public int uplinkSlots(int capacity, double inFlightMs, double inputKiB) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        double transferMs = inputKiB * uplinkMsPerKiB;
        if (!(transferMs > 0) || !(inFlightMs > 0) || Double.isInfinite(transferMs) || Double.isInfinite(inFlightMs)) {
            return capacity;
        }
        return (int) Math.max(1, Math.min(capacity, Math.floor(inFlightMs / transferMs)));
    }

    private static void check(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
        }
    }
}
