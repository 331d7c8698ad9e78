// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Version;

/**
 * Counters of one model version since it was loaded. A DTO defined by Weir: a provider type. The latency
 * histogram has buckets {@code (bounds[i-1], bounds[i]]} in microseconds, the last one open-ended
 * ({@code counts.length == bounds.length + 1}); the percentiles are read from it (upper bound of the bucket).
 *
 * @param version the model version
 * @param calls successful and failed calls
 * @param rows rows (batch entries) inferred successfully
 * @param errors failed calls (invalid input, runtime failure)
 * @param p50Micros median call latency, µs (0 before the first call)
 * @param p99Micros 99th percentile call latency, µs
 * @param maxMicros largest call latency, µs
 * @param boundsMicros upper bounds of the histogram buckets, ascending
 * @param counts calls per bucket
 */
@ProviderType
public record ModelMetrics(Version version, long calls, long rows, long errors, double p50Micros, double p99Micros,
        double maxMicros, double[] boundsMicros, long[] counts) {

    /**
     * Checks and copies.
     *
     * @param version see {@link #version()}
     * @param calls see {@link #calls()}
     * @param rows see {@link #rows()}
     * @param errors see {@link #errors()}
     * @param p50Micros see {@link #p50Micros()}
     * @param p99Micros see {@link #p99Micros()}
     * @param maxMicros see {@link #maxMicros()}
     * @param boundsMicros see {@link #boundsMicros()}
     * @param counts see {@link #counts()}
     */
    public ModelMetrics {
        Objects.requireNonNull(version, "version");
        boundsMicros = Objects.requireNonNull(boundsMicros, "boundsMicros").clone();
        counts = Objects.requireNonNull(counts, "counts").clone();
        if (counts.length != boundsMicros.length + 1) {
            throw new IllegalArgumentException("a histogram of " + boundsMicros.length + " bounds has "
                    + (boundsMicros.length + 1) + " buckets, got " + counts.length);
        }
    }

    @Override
    public double[] boundsMicros() {
        return boundsMicros.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ModelMetrics m && version.equals(m.version) && calls == m.calls && rows == m.rows
                && errors == m.errors && p50Micros == m.p50Micros && p99Micros == m.p99Micros
                && maxMicros == m.maxMicros && Arrays.equals(boundsMicros, m.boundsMicros)
                && Arrays.equals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, calls, rows, errors) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ModelMetrics[" + version + " calls=" + calls + " rows=" + rows + " errors=" + errors + " p50="
                + p50Micros + "µs p99=" + p99Micros + "µs max=" + maxMicros + "µs]";
    }
}
