// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.Task;

class SimulationTest {

    /** A task with no cost noise and no link jitter. */
    static TraceTask task(int i, double arrival, double cost, long kib, int priority, long deadline) {
        return new TraceTask(i, arrival, new Task("t" + i, "test", cost, kib * 1024, priority, deadline, true), cost, 1,
                1);
    }

    /** Places each task where the map says (by id); absent: REJECT. */
    static SchedulingPolicy scripted(Map<String, String> where, List<ClusterView> seen) {
        return StandIns.named("scripted", (t, v) -> {
            seen.add(v);
            String target = where.get(t.id());
            return target == null ? Placement.reject("not in the script") : Placement.to(target, "script");
        });
    }

    private static Outcome outcome(RunResult r, int i) {
        return r.outcomes().get(i);
    }

    /**
     * One local core; cloud: 2 workers at compute factor 0.5, 1 KiB/ms, 10 ms up, 5 ms down. By hand:
     * <pre>
     * t0 arr   0 local  cost 100           runs   0-100                          completion 100
     * t1 arr  10 local  cost  50 prio 5    waits; t4 (prio 0) goes first; 110-160  completion 150
     * t2 arr  20 cloud  cost  40 10 KiB    sends 20-30, arrives 40, runs 40-60, back 65   completion 45
     * t3 arr  25 cloud  cost  60 20 KiB    link busy until 30: sends 30-50, arrives 60, runs 60-90, back 95  completion 70
     * t4 arr  30 local  cost  10 prio 0    runs 100-110 (urgent, ahead of t1)      completion 80
     * t5 arr  40 local  cost  30 deadline 120: still queued behind t1 at 120 -> EXPIRED at 120
     * t6 arr  97 rejected by the policy -> FAILED (rejected) at 97
     * </pre>
     * Local busy 160 ms over a makespan of 160 ms: U = 1.0; cloud busy 20 + 30 = 50 ms of 2 x 160.
     */
    @Test
    void handComputedTrace() {
        List<TraceTask> trace = List.of(task(0, 0, 100, 0, 5, Task.NO_DEADLINE), task(1, 10, 50, 0, 5,
                Task.NO_DEADLINE), task(2, 20, 40, 10, 5, Task.NO_DEADLINE), task(3, 25, 60, 20, 5, Task.NO_DEADLINE),
                task(4, 30, 10, 0, 0, Task.NO_DEADLINE), task(5, 40, 30, 0, 5, 120), task(6, 97, 10, 0, 5,
                        Task.NO_DEADLINE));
        Platform p = new Platform(1, 2, 0.5, 1, 10, 5, 1000, List.of(), 0);
        List<ClusterView> seen = new ArrayList<>();
        Map<String, String> where = Map.of("t0", "local", "t1", "local", "t2", "cloud", "t3", "cloud", "t4", "local",
                "t5", "local");

        RunResult r = new Simulation(trace, scripted(where, seen), p, Simulation.Options.defaults(50)).run();

        assertThat(outcome(r, 0).completionMs()).isEqualTo(100);
        assertThat(outcome(r, 1).completionMs()).isEqualTo(150);
        assertThat(outcome(r, 2).completionMs()).isEqualTo(45);
        assertThat(outcome(r, 3).completionMs()).isEqualTo(70);
        assertThat(outcome(r, 4).completionMs()).isEqualTo(80);
        assertThat(outcome(r, 2).target()).isEqualTo("cloud");
        assertThat(outcome(r, 5).status()).isEqualTo(Outcome.Status.EXPIRED);
        assertThat(outcome(r, 5).endMs()).isEqualTo(120);
        assertThat(outcome(r, 5).reason()).isEqualTo("deadline passed in the local queue");
        assertThat(outcome(r, 6).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(outcome(r, 6).rejected()).isTrue();
        assertThat(outcome(r, 6).endMs()).isEqualTo(97);

        assertThat(r.meanMs()).isEqualTo((100 + 150 + 45 + 70 + 80) / 5.0);
        assertThat(r.makespanMs()).isEqualTo(160);
        assertThat(r.localUtilisation()).isEqualTo(1.0);
        assertThat(r.cloudUtilisation()).isEqualTo(50 / (2 * 160.0));
        assertThat(r.bytesOffloaded()).isEqualTo(30 * 1024);
        assertThat(r.deadlineMissRate()).isEqualTo(1.0); // t5, the only task with a deadline, expired

        // the views: t1 at 10 sees t0 running (load 1/1, a queue estimate of one prior run time of 50 ms)
        ClusterView atT1 = seen.get(1);
        assertThat(atT1.nowMs()).isEqualTo(10);
        assertThat(atT1.target("local").load()).isEqualTo(1.0);
        assertThat(atT1.target("local").estimates().queueMs()).isEqualTo(50);
        // t3 at 25 sees t2 on the link: 5 of its 10 KiB left, so 5 KiB ahead at the prior 1 ms/KiB
        ClusterView atT3 = seen.get(3);
        assertThat(atT3.target("cloud").load()).isEqualTo(0.5);
        assertThat(atT3.target("cloud").estimates().uplinkMs()).isCloseTo(10 + 5, within(1e-9));
        // t6 at 97: t2 and t3 came back (at 65 and 95): the cloud's terms are learned from them
        ClusterView atT6 = seen.get(6);
        assertThat(atT6.target("cloud").estimates().downlinkMs()).isEqualTo(5);
        assertThat(atT6.target("cloud").estimates().computeFactor()).isEqualTo(0.5);
        assertThat(atT6.target("cloud").estimates().uplinkMsPerKiB()).isEqualTo(1.0);
    }

    /**
     * A slow uplink (0.1 KiB/ms, so 10 ms per KiB by the prior) makes the 16-worker cloud a 1-slot target in the view,
     * as the scheduler core reports it: after t0 (64 KiB, cost 40) is sent, a task is in flight 10 + 640 + 40 x 0.5
     * + 5 = 675 ms, of which 640 ms on the link: floor(675 / 640) = 1 slot, and t0 fills it. With 1 KiB inputs the
     * link takes 10 ms of 10 + 10 + 20 + 5 = 45 ms in flight: 4 slots.
     */
    @Test
    void theCloudsCapacityInTheViewIsWhatTheUplinkCarries() {
        List<TraceTask> trace = List.of(task(0, 0, 40, 64, 5, Task.NO_DEADLINE), task(1, 1, 10, 0, 5,
                Task.NO_DEADLINE), task(2, 5_000, 40, 1, 5, Task.NO_DEADLINE), task(3, 5_001, 10, 0, 5,
                        Task.NO_DEADLINE));
        Platform p = new Platform(1, 16, 0.5, 0.1, 10, 5, 100_000, List.of(), 0);
        List<ClusterView> seen = new ArrayList<>();
        Map<String, String> where = Map.of("t0", "cloud", "t1", "local", "t2", "cloud", "t3", "local");

        new Simulation(trace, scripted(where, seen), p, new Simulation.Options(1.0, 50, 0, 0)).run();

        assertThat(seen.get(0).target("cloud").capacity()).as("nothing sent yet").isEqualTo(16);
        assertThat(seen.get(1).target("cloud").capacity()).isEqualTo(1);
        assertThat(seen.get(1).target("cloud").load()).isEqualTo(1.0);
        // t2 at 5000 (t0 is back): alpha 1, so the last task sent is the typical one; t2 itself is what t3 sees
        assertThat(seen.get(3).target("cloud").capacity()).isEqualTo(4);
        assertThat(seen.get(3).target("cloud").load()).isEqualTo(1 / 4.0);
    }

    /**
     * Outage [50, 2000), detected after 100 ms, cloud timeout 500 ms; one local core; 1 KiB/ms, 10 ms up, 5 down:
     * <pre>
     * a arr   0 cloud cost 100 10 KiB: sent 0-10, arrives 20, runs from 20 (50 ms) - the outage at 50 loses it;
     *         it times out at 500 and, the cloud unavailable, runs locally 500-600: completion 600
     * b arr 120 cloud (not detected yet) cost 40: waits in the paused outbound queue, times out at 620, runs
     *         locally 620-660: completion 540
     * c arr 200 (detected): the cloud is unavailable, local 200-230: completion 30
     * </pre>
     */
    @Test
    void outageLosesCloudTasksWhichTimeOutAndFallBackLocally() {
        List<TraceTask> trace = List.of(task(0, 0, 100, 10, 5, Task.NO_DEADLINE), task(1, 120, 40, 10, 5,
                Task.NO_DEADLINE), task(2, 200, 30, 10, 5, Task.NO_DEADLINE));
        Platform p = new Platform(1, 2, 0.5, 1, 10, 5, 500, List.of(new Outage(50, 2000)), 100);
        List<ClusterView> seen = new ArrayList<>();
        SchedulingPolicy cloudFirst = StandIns.cloudFirst();
        SchedulingPolicy recording = StandIns.named("recording", (t, v) -> {
            seen.add(v);
            return cloudFirst.place(t, v);
        });

        RunResult r = new Simulation(trace, recording, p, Simulation.Options.defaults(50)).run();

        assertThat(outcome(r, 0).completionMs()).isEqualTo(600);
        assertThat(outcome(r, 0).target()).isEqualTo("local");
        assertThat(outcome(r, 1).completionMs()).isEqualTo(540);
        assertThat(outcome(r, 2).completionMs()).isEqualTo(30);
        assertThat(r.cloudTimeouts()).isEqualTo(2);
        assertThat(r.bytesOffloaded()).isEqualTo(10 * 1024); // b never left the gateway
        assertThat(r.cloudBusyMs()).isEqualTo(30); // a ran 20-50 in the cloud before the outage
        // calls: a at 0 (cloud up), b at 120 (not detected yet: up), c at 200 (down), a again at 500, b at 620
        assertThat(seen).extracting(v -> v.nowMs()).containsExactly(0L, 120L, 200L, 500L, 620L);
        assertThat(seen).extracting(v -> v.target("cloud").available()).containsExactly(true, true, false, false,
                false);
    }

    @Test
    void aTaskDeferredForeverFailsAndOneWithADeadlineExpires() {
        List<TraceTask> trace = List.of(task(0, 0, 10, 0, 5, Task.NO_DEADLINE), task(1, 5, 10, 0, 5, 300));
        Platform p = new Platform(1, 1, 0.5, 1, 10, 5, 500, List.of(), 0);
        RunResult r = new Simulation(trace, StandIns.named("never", (t, v) -> Placement.defer("never")), p,
                Simulation.Options.defaults(10)).run();
        assertThat(outcome(r, 0).status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(outcome(r, 0).endMs()).isEqualTo(Simulation.MAX_DEFER_MS);
        assertThat(outcome(r, 1).status()).isEqualTo(Outcome.Status.EXPIRED);
        assertThat(outcome(r, 1).reason()).isEqualTo("deadline passed while deferred");
    }

    @Test
    void aBrokenPlacementRunsLocallyAsAPolicyFailure() {
        Task notOffloadable = new Task("t0", "test", 10, 0, 5, Task.NO_DEADLINE, false);
        List<TraceTask> trace = List.of(new TraceTask(0, 0, notOffloadable, 10, 1, 1), task(1, 1, 10, 0, 5,
                Task.NO_DEADLINE), task(2, 2, 10, 0, 5, Task.NO_DEADLINE));
        Platform p = new Platform(4, 1, 0.5, 1, 10, 5, 500, List.of(), 0);
        SchedulingPolicy broken = StandIns.named("broken", (t, v) -> switch (t.id()) {
            case "t0" -> Placement.to("cloud", "not offloadable");
            case "t1" -> Placement.to("nowhere", "unknown");
            default -> throw new IllegalStateException("boom");
        });
        RunResult r = new Simulation(trace, broken, p, Simulation.Options.defaults(10)).run();
        assertThat(r.policyFailures()).isEqualTo(3);
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.target()).isEqualTo("local"));
    }

    /** Every task of every scenario ends, with every real policy and with a policy that answers at random. */
    @Test
    void everyTaskEndsWhateverThePolicy() {
        List<Supplier<SchedulingPolicy>> policies = new ArrayList<>(Policies.all());
        policies.add(SimulationTest::chaos);
        for (Scenario s : Scenario.all(400)) {
            List<TraceTask> trace = s.workload().generate(400, 7);
            for (Supplier<SchedulingPolicy> policy : policies) {
                RunResult r = new Simulation(trace, policy.get(), s.platform(),
                        Simulation.Options.defaults(s.workload().meanCostMs())).run(); // run() checks the invariant
                assertThat(r.outcomes()).hasSize(400);
                assertThat(r.count(Outcome.Status.COMPLETED) + r.count(Outcome.Status.FAILED)
                        + r.count(Outcome.Status.EXPIRED)).isEqualTo(400);
                assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.endMs()).isGreaterThanOrEqualTo(
                        o.trace().arrivalMs()));
            }
        }
    }

    /** PLACE local or cloud, DEFER, REJECT, an unknown target or an exception, at random. */
    private static SchedulingPolicy chaos() {
        SplittableRandom rnd = new SplittableRandom(3);
        return StandIns.named("chaos", (t, v) -> switch (rnd.nextInt(7)) {
            case 0, 1 -> Placement.to("local", "chaos");
            case 2, 3 -> Placement.to("cloud", "chaos");
            case 4 -> Placement.defer("chaos");
            case 5 -> rnd.nextBoolean() ? Placement.reject("chaos") : Placement.to("mars", "chaos");
            default -> throw new IllegalStateException("chaos");
        });
    }
}
