// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.Task;

class OfflineOptimumTest {

    private static final double SLOT = 10;
    private static final int NEAR = 12;

    private static TraceTask task(int i, double arrival, double cost, long kib, boolean offloadable) {
        return new TraceTask(i, arrival, new Task("t" + i, "test", cost, kib * 1024, 5, Task.NO_DEADLINE,
                offloadable), cost, 1, 1);
    }

    /**
     * The MIP's optimum on a tiny instance (one window) equals a brute-force enumeration of the same formulation: every
     * task on every target from every slot of the first {@value #NEAR} from its arrival (a subset of the MIP's
     * columns, which also holds the optimum here), the capacities per resource and slot checked, least Σ completion.
     */
    @Test
    void equalsBruteForceOnATinyInstance() {
        Platform p = new Platform(1, 1, 0.5, 1, 10, 10, 1000, List.of(new Outage(200, 260)), 0);
        List<TraceTask> trace = List.of(task(0, 0, 30, 15, true), task(1, 0, 20, 5, true), task(2, 5, 40, 10, true),
                task(3, 12, 25, 30, false), task(4, 14, 15, 8, true));

        OfflineOptimum.Result mip = new OfflineOptimum(trace, p,
                new OfflineOptimum.Settings(SLOT, trace.size(), NEAR, 1_000_000, 60_000)).solve();
        double brute = bruteForce(trace, p);

        assertThat(mip.windows()).isEqualTo(1);
        assertThat(mip.optimal()).isEqualTo(1);
        assertThat(mip.planMeanMs() * trace.size()).isCloseTo(brute, within(1e-6));
        // the replay of the plan completes every task, no earlier than the no-wait bound allows
        assertThat(mip.run().count(Outcome.Status.COMPLETED)).isEqualTo(trace.size());
        assertThat(mip.run().meanMs()).isGreaterThanOrEqualTo(mip.noWaitBoundMs() - 1e-9);
    }

    /** An option: per resource (0 local, 1 link, 2 cloud) and slot, the ms used; and its completion time. */
    private record Option(double cost, List<double[]> use) {
    }

    private static double bruteForce(List<TraceTask> trace, Platform p) {
        List<List<Option>> options = new ArrayList<>();
        for (TraceTask t : trace) {
            List<Option> mine = new ArrayList<>();
            int e = (int) Math.floor(t.arrivalMs() / SLOT);
            for (int s = e; s < e + NEAR; s++) {
                double start = Math.max(t.arrivalMs(), s * SLOT);
                List<double[]> use = new ArrayList<>();
                spread(use, 0, start, start + t.actualCostMs());
                mine.add(new Option(start + t.actualCostMs() - t.arrivalMs(), use));
                if (t.task().offloadable()) {
                    double sent = start + t.task().inputBytes() / 1024.0 / p.uplinkKiBPerMs();
                    double exec = sent + p.uplinkLatencyMs();
                    double done = exec + t.actualCostMs() * p.cloudFactor();
                    double back = done + p.downlinkMs();
                    boolean hit = p.outages().stream().anyMatch(o -> o.overlaps(start, back));
                    if (!hit) {
                        List<double[]> cu = new ArrayList<>();
                        spread(cu, 1, start, sent);
                        spread(cu, 2, exec, done);
                        mine.add(new Option(back - t.arrivalMs(), cu));
                    }
                }
            }
            options.add(mine);
        }
        double[][] used = new double[3][1000];
        double[] cap = {p.localWorkers() * SLOT, SLOT, p.cloudWorkers() * SLOT};
        return search(options, 0, used, cap, 0, Double.POSITIVE_INFINITY);
    }

    private static void spread(List<double[]> use, int res, double from, double to) {
        for (int k = (int) Math.floor(from / SLOT); k * SLOT < to; k++) {
            double a = Math.min(to, (k + 1) * SLOT) - Math.max(from, k * SLOT);
            if (a > 1e-9) {
                use.add(new double[] {res, k, a});
            }
        }
    }

    private static double search(List<List<Option>> options, int i, double[][] used, double[] cap, double cost,
            double best) {
        if (cost >= best) {
            return best;
        }
        if (i == options.size()) {
            return cost;
        }
        for (Option o : options.get(i)) {
            boolean fits = true;
            for (double[] u : o.use()) {
                used[(int) u[0]][(int) u[1]] += u[2];
                fits &= used[(int) u[0]][(int) u[1]] <= cap[(int) u[0]] + 1e-6;
            }
            if (fits) {
                best = search(options, i + 1, used, cap, cost + o.cost(), best);
            }
            for (double[] u : o.use()) {
                used[(int) u[0]][(int) u[1]] -= u[2];
            }
        }
        return best;
    }

    /** The replayed optimum never beats the no-wait lower bound and completes every task, in every scenario. */
    @Test
    void optimumOfEachScenarioIsAboveTheNoWaitBound() {
        for (Scenario s : Scenario.all(120)) {
            List<TraceTask> trace = s.workload().generate(120, 11);
            OfflineOptimum.Result r = new OfflineOptimum(trace, s.platform(),
                    new OfflineOptimum.Settings(s.slotMs(), 16, 6, 100, 60_000)).solve();
            assertThat(r.run().count(Outcome.Status.COMPLETED)).as(s.name()).isEqualTo(120);
            assertThat(r.run().meanMs()).as(s.name()).isGreaterThanOrEqualTo(r.noWaitBoundMs() - 1e-9);
            assertThat(r.windows()).isEqualTo(8);
        }
    }
}
