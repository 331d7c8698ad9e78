// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.concurrent.atomic.AtomicLongArray;

import io.weir.pipeline.LatencySummary;

/**
 * A log-linear latency histogram in nanoseconds (the scheme of HdrHistogram, with 16 sub-buckets per power of
 * two: values are kept within 6.25 %). One thread records without locks or fences ({@code lazySet}); any thread
 * may summarise. Written in-house because the HdrHistogram bundle requires {@code javax.xml.bind}, which
 * Java 17 no longer has.
 */
final class LatencyStats {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private volatile long max;

    static int index(long nanos) {
        if (nanos < SUB) {
            return (int) Math.max(nanos, 0);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - SUB_BITS)) & (SUB - 1);
        return SUB + (exponent - SUB_BITS) * SUB + sub;
    }

    /** @return the smallest value that falls into bucket {@code index} */
    static long lowerBound(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = (index - SUB) / SUB + SUB_BITS;
        int sub = (index - SUB) % SUB;
        return (long) (SUB + sub) << (exponent - SUB_BITS);
    }

    /** Called by the single writer thread only. */
    void record(long nanos) {
        int i = index(nanos);
        counts.lazySet(i, counts.get(i) + 1);
        if (nanos > max) {
            max = nanos;
        }
    }

    LatencySummary summary() {
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(total, percentile(snapshot, total, 0.50), percentile(snapshot, total, 0.99),
                Math.max(max, 0));
    }

    private static long percentile(long[] counts, long total, double p) {
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowerBound(i);
            }
        }
        return lowerBound(counts.length - 1);
    }
}
