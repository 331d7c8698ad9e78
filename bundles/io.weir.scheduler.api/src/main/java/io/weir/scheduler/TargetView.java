// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of one execution target as a policy sees it. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param id the target id, stable while the target exists, for example {@code local} or {@code cloud}; not
 *        empty
 * @param kind what the target is
 * @param capacity how much work the target does per unit of time: milliseconds of {@linkplain Task#costMs()
 *        task cost} per millisecond, so a pool of four reference cores has 4.0; measured or configured, {@code
 *        > 0}, may be {@link Double#POSITIVE_INFINITY} for an elastic cloud
 * @param load the share of the capacity in use by running and queued tasks, {@code >= 0}; above 1.0 the target
 *        is overloaded
 * @param reserved the share of the capacity held back for high-priority tasks, from 0.0 to 1.0
 * @param available whether tasks can be placed here now; {@code false} for an offline uplink, and for a
 *        target that already failed the task the policy is asked about again
 * @param estimates the learned latency-model terms
 */
@ProviderType
public record TargetView(String id, TargetKind kind, double capacity, double load, double reserved,
        boolean available, LatencyEstimates estimates) {

    /**
     * Checks the id and the ranges.
     *
     * @param id see {@link #id()}
     * @param kind see {@link #kind()}
     * @param capacity see {@link #capacity()}
     * @param load see {@link #load()}
     * @param reserved see {@link #reserved()}
     * @param available see {@link #available()}
     * @param estimates see {@link #estimates()}
     */
    public TargetView {
        if (Objects.requireNonNull(id, "id").isEmpty()) {
            throw new IllegalArgumentException("target id must not be empty");
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(estimates, "estimates");
        if (!(capacity > 0)) {
            throw new IllegalArgumentException("capacity of target " + id + " must be > 0, was " + capacity);
        }
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load of target " + id + " must be finite and >= 0, was " + load);
        }
        if (!(reserved >= 0 && reserved <= 1)) {
            throw new IllegalArgumentException("reserved share of target " + id + " must be in [0, 1], was "
                    + reserved);
        }
    }
}
