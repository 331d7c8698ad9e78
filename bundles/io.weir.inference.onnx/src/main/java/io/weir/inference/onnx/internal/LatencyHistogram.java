// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.weir.inference.ModelMetrics;

import org.osgi.framework.Version;

/**
 * Counters and a lock-free latency histogram of one model version. Buckets grow by a factor 2^(1/4) (19 %) from 1 µs
 * to about 67 s, so a percentile read from it is at most 19 % above the true value.
 */
final class LatencyHistogram {

    private static final int BUCKETS_PER_DOUBLING = 4;
    private static final int BOUNDS = 26 * BUCKETS_PER_DOUBLING + 1;
    private static final double[] BOUNDS_MICROS = new double[BOUNDS];

    static {
        for (int i = 0; i < BOUNDS; i++) {
            BOUNDS_MICROS[i] = Math.pow(2.0, (double) i / BUCKETS_PER_DOUBLING);
        }
    }

    private final Version version;
    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS + 1);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong maxNanos = new AtomicLong();

    LatencyHistogram(Version version) {
        this.version = version;
    }

    void success(long nanos, long rowCount) {
        calls.incrementAndGet();
        rows.addAndGet(rowCount);
        record(nanos);
    }

    void failure(long nanos) {
        calls.incrementAndGet();
        errors.incrementAndGet();
        record(nanos);
    }

    private void record(long nanos) {
        counts.incrementAndGet(bucket(nanos / 1000.0));
        long max;
        while (nanos > (max = maxNanos.get()) && !maxNanos.compareAndSet(max, nanos)) {
            // retry
        }
    }

    static int bucket(double micros) {
        if (micros <= 1.0) {
            return 0;
        }
        int i = (int) Math.ceil(Math.log(micros) / Math.log(2.0) * BUCKETS_PER_DOUBLING);
        // rounding may put a value just above a bound into that bound's bucket: correct it
        while (i < BOUNDS && BOUNDS_MICROS[i] < micros) {
            i++;
        }
        while (i > 0 && BOUNDS_MICROS[i - 1] >= micros) {
            i--;
        }
        return Math.min(i, BOUNDS);
    }

    ModelMetrics snapshot() {
        long[] c = new long[BOUNDS + 1];
        long total = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
            total += c[i];
        }
        double max = maxNanos.get() / 1000.0;
        return new ModelMetrics(version, calls.get(), rows.get(), errors.get(), percentile(c, total, 0.50, max),
                percentile(c, total, 0.99, max), max, BOUNDS_MICROS, c);
    }

    private static double percentile(long[] c, long total, double p, double max) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < c.length; i++) {
            seen += c[i];
            if (seen >= rank) {
                return i < BOUNDS ? Math.min(BOUNDS_MICROS[i], max) : max;
            }
        }
        return max;
    }
}
