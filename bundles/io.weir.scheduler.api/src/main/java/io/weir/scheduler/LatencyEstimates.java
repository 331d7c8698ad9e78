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

    private static void check(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, was " + value);
        }
    }
}
