// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import java.util.Arrays;

import io.weir.scheduler.SchedulerMetrics;

/** Counters and a ring of recent completion times of one target or policy. Guarded by the engine's lock. */
final class Stats {

    private static final int RING = 4096;

    private final String scope;
    private final double[] ring = new double[RING];
    private int size;
    private int next;
    long tasks;
    long completed;
    long failed;
    long expired;
    long deadlineMisses;
    /** busy worker time, ns (targets) */
    long busyNanos;

    Stats(String scope) {
        this.scope = scope;
    }

    void completed(double totalMs, boolean late) {
        tasks++;
        completed++;
        if (late) {
            deadlineMisses++;
        }
        ring[next] = totalMs;
        next = (next + 1) % RING;
        size = Math.min(size + 1, RING);
    }

    void failed() {
        tasks++;
        failed++;
    }

    void expired() {
        tasks++;
        expired++;
        deadlineMisses++;
    }

    SchedulerMetrics snapshot(double capacityNanos) {
        double[] sorted = Arrays.copyOf(ring, size);
        Arrays.sort(sorted);
        double u = capacityNanos > 0 ? Math.min(1.0, busyNanos / capacityNanos) : 0;
        return new SchedulerMetrics(scope, tasks, completed, failed, expired, deadlineMisses, pct(sorted, 0.5),
                pct(sorted, 0.99), u);
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
