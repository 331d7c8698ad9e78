// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.List;

/**
 * A benchmark scenario: the targets and the workload, plus the offline optimum's slot length.
 *
 * @param name short name, used by the scenario filter
 * @param purpose what it tests
 * @param platform the targets
 * @param workload the tasks
 * @param slotMs the optimum's time slot Δ
 */
record Scenario(String name, String purpose, Platform platform, Workload workload, double slotMs) {

    private static final int LOCAL_WORKERS = 2;
    private static final int CLOUD_WORKERS = 16;
    private static final double LATENCY_MS = 25;
    private static final double TIMEOUT_MS = 3000;
    private static final double DETECT_MS = 500;

    /**
     * The four scenarios; their traces are sized for {@code tasks} tasks (the outage sits at the same share of the
     * trace whatever its length).
     */
    static List<Scenario> all(int tasks) {
        Workload small = new Workload(40, 0, 0, 0, 50, 0.7, 0.15, 8, 1.0, 0.85, 0.6, 3, 10, 0.2);
        Workload outageLoad = new Workload(36, 0, 0, 0, 50, 0.7, 0.15, 8, 1.0, 0.85, 0.6, 3, 10, 0.2);
        double outageTrace = tasks / outageLoad.meanRatePerS() * 1000;
        return List.of(
                new Scenario("edge-saturation",
                        "arrival rate above the local pool's capacity, cloud (2x faster) available",
                        platform(0.5, 2, List.of()), small, 20),
                new Scenario("cloud-heavy",
                        "big tasks in bursts that the cloud computes ~7x faster, small inputs",
                        platform(0.15, 2, List.of()),
                        new Workload(12, 1, 2000, 4000, 300, 0.6, 0.15, 4, 0.8, 0.9, 0.6, 2, 6, 0.2), 50),
                new Scenario("slow-uplink",
                        "low bandwidth (4 Mbit/s) and large inputs: offloading hurts",
                        platform(0.4, 0.5, List.of()),
                        new Workload(14, 0, 0, 0, 40, 0.6, 0.15, 192, 0.5, 0.9, 0.6, 3, 10, 0.2), 25),
                new Scenario("uplink-outage",
                        "edge near saturation; the uplink and cloud are gone from 30 % to 55 % of the trace",
                        platform(0.5, 2, List.of(new Outage(Math.round(0.30 * outageTrace),
                                Math.round(0.55 * outageTrace)))),
                        outageLoad, 20));
    }

    private static Platform platform(double cloudFactor, double kibPerMs, List<Outage> outages) {
        return new Platform(LOCAL_WORKERS, CLOUD_WORKERS, cloudFactor, kibPerMs, LATENCY_MS, LATENCY_MS, TIMEOUT_MS,
                outages, DETECT_MS);
    }

    String describe() {
        Platform p = platform;
        StringBuilder b = new StringBuilder(String.format("local %d cores; cloud %d workers, compute factor %.2f, "
                + "uplink %.1f KiB/ms (%.0f Mbit/s) + %.0f ms, downlink %.0f ms, timeout %.0f ms", p.localWorkers(),
                p.cloudWorkers(), p.cloudFactor(), p.uplinkKiBPerMs(), p.uplinkKiBPerMs() * 8.192, p.uplinkLatencyMs(),
                p.downlinkMs(), p.cloudTimeoutMs()));
        for (Outage o : p.outages()) {
            b.append(String.format("; outage %.1f-%.1f s (detected after %.0f ms)", o.startMs() / 1000,
                    o.endMs() / 1000, p.outageDetectMs()));
        }
        b.append(String.format("; offered local load %.2f", workload.meanRatePerS() * workload.meanCostMs() / 1000
                / p.localWorkers()));
        return b.toString();
    }
}
