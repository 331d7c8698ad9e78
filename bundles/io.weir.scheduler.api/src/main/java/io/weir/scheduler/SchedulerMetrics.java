// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters of one target, or of one policy (scope {@code policy:<name>}), since the scheduler started. A DTO defined
 * by Weir: a provider type.
 *
 * @param scope {@code target:<id>} or {@code policy:<name>}
 * @param tasks tasks that ended there (or placed by that policy)
 * @param completed of them, completed
 * @param failed failed
 * @param expired expired
 * @param deadlineMisses completed after their deadline, plus expired
 * @param p50Ms median completion time (submission to end) of completed tasks
 * @param p99Ms 99th percentile
 * @param utilisation {@code U = T_used / T_total}: busy worker time over available worker time (targets only)
 */
@ProviderType
public record SchedulerMetrics(String scope, long tasks, long completed, long failed, long expired,
        long deadlineMisses, double p50Ms, double p99Ms, double utilisation) {

    /**
     * Checks for {@code null}.
     *
     * @param scope see {@link #scope()}
     * @param tasks see {@link #tasks()}
     * @param completed see {@link #completed()}
     * @param failed see {@link #failed()}
     * @param expired see {@link #expired()}
     * @param deadlineMisses see {@link #deadlineMisses()}
     * @param p50Ms see {@link #p50Ms()}
     * @param p99Ms see {@link #p99Ms()}
     * @param utilisation see {@link #utilisation()}
     */
    public SchedulerMetrics {
        Objects.requireNonNull(scope, "scope");
    }
}
