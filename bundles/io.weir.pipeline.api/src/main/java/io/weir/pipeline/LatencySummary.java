// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Latency percentiles from a histogram, in nanoseconds. A DTO defined by Weir: a provider type. Immutable.
 *
 * <p>Percentiles come from a bucketed histogram, so {@code p99Nanos} may be slightly above {@code maxNanos};
 * the values are not checked against each other.
 *
 * @param count the number of measurements; 0 means all values are 0
 * @param p50Nanos the median
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest measurement
 */
@ProviderType
public record LatencySummary(long count, long p50Nanos, long p99Nanos, long maxNanos) {

    /** A summary of no measurements. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

    /**
     * Checks that no value is negative.
     *
     * @param count see {@link #count()}
     * @param p50Nanos see {@link #p50Nanos()}
     * @param p99Nanos see {@link #p99Nanos()}
     * @param maxNanos see {@link #maxNanos()}
     */
    public LatencySummary {
        if (count < 0 || p50Nanos < 0 || p99Nanos < 0 || maxNanos < 0) {
            throw new IllegalArgumentException("negative latency summary: count=" + count + " p50=" + p50Nanos
                    + " p99=" + p99Nanos + " max=" + maxNanos);
        }
    }
}
