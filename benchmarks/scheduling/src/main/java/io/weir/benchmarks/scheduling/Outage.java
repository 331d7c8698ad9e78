// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.List;

/**
 * An interval of virtual time {@code [startMs, endMs)} during which the uplink and the cloud are gone: nothing is
 * sent, and every task on the cloud path (being sent, in transit, queued or running in the cloud, or its result on
 * the way back) is lost and times out on the gateway.
 *
 * @param startMs first instant of the outage
 * @param endMs first instant after it
 */
record Outage(double startMs, double endMs) {

    Outage {
        if (!(startMs >= 0 && endMs > startMs)) {
            throw new IllegalArgumentException("outage needs 0 <= start < end, was [" + startMs + ", " + endMs + ")");
        }
    }

    /** @return whether {@code [from, to)} overlaps this outage */
    boolean overlaps(double from, double to) {
        return from < endMs && to > startMs;
    }

    /** @return the end of the first outage that overlaps {@code [from, to)}, or NaN if none does */
    static double firstOverlapEnd(List<Outage> outages, double from, double to) {
        for (Outage o : outages) {
            if (o.overlaps(from, to)) {
                return o.endMs;
            }
        }
        return Double.NaN;
    }
}
