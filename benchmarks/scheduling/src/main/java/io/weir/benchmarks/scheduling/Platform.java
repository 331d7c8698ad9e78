// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.List;

/**
 * The simulated execution targets: a local pool of reference cores and a cloud reached over one uplink.
 *
 * @param localWorkers cores of the local pool; a task runs {@code actualCost} ms on one of them
 * @param cloudWorkers workers of the cloud
 * @param cloudFactor cloud execution time per ms of task cost (below 1: faster than a local core)
 * @param uplinkKiBPerMs uplink bandwidth; one transmission at a time, in the gateway's queue order
 * @param uplinkLatencyMs one-way latency after a transmission before the task reaches the cloud
 * @param downlinkMs latency of the result coming back
 * @param cloudTimeoutMs a cloud task whose result is not back this long after it was placed fails (cloud timeout)
 *        and is placed again with the cloud unavailable to it
 * @param outages when the uplink and cloud are gone
 * @param outageDetectMs how long after an outage starts the gateway marks the cloud unavailable
 */
record Platform(int localWorkers, int cloudWorkers, double cloudFactor, double uplinkKiBPerMs, double uplinkLatencyMs,
        double downlinkMs, double cloudTimeoutMs, List<Outage> outages, double outageDetectMs) {

    Platform {
        if (localWorkers < 1 || cloudWorkers < 1 || !(cloudFactor > 0) || !(uplinkKiBPerMs > 0)
                || !(uplinkLatencyMs >= 0) || !(downlinkMs >= 0) || !(cloudTimeoutMs > 0) || !(outageDetectMs >= 0)) {
            throw new IllegalArgumentException("bad platform " + localWorkers + "/" + cloudWorkers + "/" + cloudFactor
                    + "/" + uplinkKiBPerMs + "/" + uplinkLatencyMs + "/" + downlinkMs + "/" + cloudTimeoutMs);
        }
        outages = List.copyOf(outages);
    }

    /** @return the transmission time of {@code bytes} on the uplink, ms */
    double transmitMs(long bytes) {
        return bytes / 1024.0 / uplinkKiBPerMs;
    }
}
