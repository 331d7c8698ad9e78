// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin;

import static io.weir.scheduler.policy.roundrobin.Views.target;
import static io.weir.scheduler.policy.roundrobin.Views.task;
import static io.weir.scheduler.policy.roundrobin.Views.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

class WeightedRoundRobinPolicyTest {

    private static List<String> picks(WeightedRoundRobinPolicy policy, ClusterView view, Task task, int calls) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Placement p = policy.place(task, view);
            assertThat(p.decision()).as("call %d: %s", i + 1, p.reason()).isEqualTo(PlacementDecision.PLACE);
            ids.add(p.targetId());
        }
        return ids;
    }

    /**
     * Weights 2.5/0.5 = 5, 1/1 = 1 and 2/2 = 1 (total 7). Current weights, call by call (picked: max, first on a
     * tie, then minus 7): (5,1,1) a → (-2,1,1); (3,2,2) a → (-4,2,2); (1,3,3) b → (1,-4,3); (6,-3,4) a → (-1,-3,4);
     * (4,-2,5) c → (4,-2,-2); (9,-1,-1) a → (2,-1,-1); (7,0,0) a → (0,0,0), where the cycle starts again.
     */
    @Test
    void sevenCallsOverThreeMeasuredTargetsFollowSmoothWeightedRoundRobin() {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        ClusterView view = Views.of(target("local", TargetKind.LOCAL, 2.5, 0.5),
                target("npu", TargetKind.ACCELERATOR, 1, 1), target("cloud", TargetKind.CLOUD, 2, 2));
        List<String> expected = List.of("local", "local", "npu", "local", "cloud", "local", "local");

        Placement first = policy.place(task(true), view);
        assertThat(first.reason()).isEqualTo("local: current 5.0 highest of 3 (weight 5.0 of 7.0)");
        List<String> rest = picks(policy, view, task(true), 6);
        assertThat(rest).containsExactlyElementsOf(expected.subList(1, 7));
        assertThat(picks(policy, view, task(true), 7)).as("second cycle").containsExactlyElementsOf(expected);
    }

    @Test
    void theWeightIsCapacityOverComputeFactorCappedByMaxWeight() {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        assertThat(policy.weight(target("l", TargetKind.LOCAL, 4, 1))).isEqualTo(4.0);
        assertThat(policy.weight(target("l", TargetKind.LOCAL, 4, 2))).as("cores half as fast").isEqualTo(2.0);
        assertThat(policy.weight(target("c", TargetKind.CLOUD, 8, 0.25))).isEqualTo(32.0);
        assertThat(policy.weight(target("c", TargetKind.CLOUD, Double.POSITIVE_INFINITY, 0.25))).isEqualTo(100.0);
        assertThat(policy.weight(target("c", TargetKind.CLOUD, 8, 0))).isEqualTo(100.0);
        assertThat(new WeightedRoundRobinPolicy(new WeightedRoundRobinSettings(10))
                .weight(target("c", TargetKind.CLOUD, 8, 0.25))).isEqualTo(10.0);
    }

    /**
     * Local weight 1, cloud weight 3. Offloadable: (1,3) cloud → (1,-1). Not offloadable, local alone (total 1):
     * 2 → 1, twice; the cloud keeps -1. Offloadable: (2,2) local (first) → (-2,2); (-1,5) cloud → (-1,1).
     */
    @Test
    void remoteTargetsTakeOnlyOffloadableTasksAndKeepTheirCurrentWeightMeanwhile() {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        ClusterView view = Views.of(target("local", TargetKind.LOCAL, 1, 1), target("cloud", TargetKind.CLOUD, 3, 1));
        List<String> seq = new ArrayList<>();
        seq.add(policy.place(task(true), view).targetId());
        seq.add(policy.place(task(false), view).targetId());
        Placement alone = policy.place(task(false), view);
        seq.add(alone.targetId());
        seq.add(policy.place(task(true), view).targetId());
        seq.add(policy.place(task(true), view).targetId());
        assertThat(seq).containsExactly("cloud", "local", "local", "local", "cloud");
        assertThat(alone.reason()).isEqualTo("local: current 2.0 highest of 1 (weight 1.0 of 1.0)");
    }

    /** a and b weigh 1 each; then b's compute factor drops to 0.25 (weight 4) and it gets 3 of the next 4 picks. */
    @Test
    void weightsFollowTheMeasurementsOfEachCall() {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        assertThat(policy.place(task(false), Views.of(target("a", TargetKind.LOCAL, 1, 1),
                target("b", TargetKind.LOCAL, 1, 1))).targetId()).isEqualTo("a"); // (1,1) a → (-1,1)
        ClusterView faster = Views.of(target("a", TargetKind.LOCAL, 1, 1), target("b", TargetKind.LOCAL, 1, 0.25));
        // (0,5) b → (0,0); (1,4) b → (1,-1); (2,3) b → (2,-2); (3,2) a → (-2,2)
        assertThat(picks(policy, faster, task(false), 4)).containsExactly("b", "b", "b", "a");
    }

    @Test
    void skipsUnavailableTargetsAndDefersWhenNoneCanTakeTheTask() {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        TargetView local = target("local", TargetKind.LOCAL, 4, 1);
        TargetView cloud = target("cloud", TargetKind.CLOUD, 8, 0.5);

        assertThat(picks(policy, Views.of(unavailable(local), cloud), task(true), 3))
                .containsExactly("cloud", "cloud", "cloud");

        Placement none = policy.place(task(false), Views.of(unavailable(local), cloud));
        assertThat(none.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(none.reason()).isEqualTo("no target can take task t1: 1 of 2 unavailable, 1 remote but the task "
                + "is not offloadable");

        Placement empty = policy.place(task(true), Views.of());
        assertThat(empty.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(empty.reason()).isEqualTo("no target can take task t1: no targets");
    }

    @Test
    void sameCallsGiveTheSamePicks() {
        ClusterView view = Views.of(target("a", TargetKind.LOCAL, 3, 1), target("b", TargetKind.LOCAL, 2, 1),
                target("c", TargetKind.CLOUD, 7, 1));
        WeightedRoundRobinPolicy one = new WeightedRoundRobinPolicy();
        WeightedRoundRobinPolicy two = new WeightedRoundRobinPolicy();
        for (int i = 0; i < 60; i++) {
            Task t = task(i % 3 != 0);
            assertThat(one.place(t, view)).isEqualTo(two.place(t, view));
        }
    }

    /** Weights 3 and 1: any 4,000 calls in some sequential order give exactly 3,000 and 1,000 picks. */
    @Test
    void concurrentCallersSeeTheSequenceOfSomeSequentialOrder() throws Exception {
        WeightedRoundRobinPolicy policy = new WeightedRoundRobinPolicy();
        ClusterView view = Views.of(target("a", TargetKind.LOCAL, 3, 1), target("b", TargetKind.LOCAL, 1, 1));
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int k = 0; k < 1000; k++) {
                    counts.computeIfAbsent(policy.place(task(false), view).targetId(), x -> new AtomicInteger())
                            .incrementAndGet();
                }
            }, "wrr-test-" + i);
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(counts.get("a")).hasValue(3000);
        assertThat(counts.get("b")).hasValue(1000);
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingTheAttribute() {
        for (double bad : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY }) {
            assertThatThrownBy(() -> new WeightedRoundRobinSettings(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'maxWeight'");
        }
        assertThat(new WeightedRoundRobinPolicy().name()).isEqualTo("weighted-round-robin");
        assertThat(new WeightedRoundRobinPolicy().settings()).isEqualTo(WeightedRoundRobinSettings.DEFAULTS);
    }
}
