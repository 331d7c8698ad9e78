// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency;

import static io.weir.scheduler.policy.latency.Views.cloud;
import static io.weir.scheduler.policy.latency.Views.local;
import static io.weir.scheduler.policy.latency.Views.task;
import static io.weir.scheduler.policy.latency.Views.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * The standard pair: local queue 20 ms, compute factor 1; cloud uplink 10 ms + 0.5 ms/KiB, queue 5 ms, compute
 * factor 0.25, downlink 3.125 ms. A task of cost 75.5 ms with 10 KiB of input: local 20 + 75.5 = 95.5 ms; cloud
 * 10 + 10 × 0.5 + 5 + 75.5 × 0.25 + 3.125 = 10 + 5 + 5 + 18.875 + 3.125 = 42.0 ms.
 */
class LatencyAwarePolicyTest {

    private static final TargetView LOCAL = local("local", 20, 1);
    private static final TargetView CLOUD = cloud(10, 0.5, 5, 0.25, 3.125);
    private static final long KIB_10 = 10 * 1024;

    private final LatencyAwarePolicy policy = new LatencyAwarePolicy();

    @Test
    void theExpectedCompletionTimeFollowsTheLatencyModel() {
        Task t = task(75.5, KIB_10, Task.NO_DEADLINE, true);
        assertThat(LatencyAwarePolicy.expectedCompletionMs(t, LOCAL)).isEqualTo(95.5);
        assertThat(LatencyAwarePolicy.expectedCompletionMs(t, CLOUD)).isEqualTo(42.0);
    }

    @Test
    void theCloudWinsALargeTaskWithASmallInput() {
        Placement p = policy.place(task(75.5, KIB_10, Task.NO_DEADLINE, true), Views.of(LOCAL, CLOUD));
        assertThat(p.targetId()).isEqualTo("cloud");
        assertThat(p.reason()).isEqualTo("cloud: 42.0 ms < local 95.5 ms");
    }

    /** Cost 4, 100 KiB: local 20 + 4 = 24 ms; cloud 10 + 50 + 5 + 1 + 3.125 = 69.125 ms. */
    @Test
    void localWinsASmallTaskWithALargeInput() {
        Placement p = policy.place(task(4, 100 * 1024, Task.NO_DEADLINE, true), Views.of(CLOUD, LOCAL));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: 24.0 ms < cloud 69.1 ms");
    }

    @Test
    void aTaskThatIsNotOffloadableStaysLocalHoweverSlow() {
        Placement p = policy.place(task(75.5, KIB_10, Task.NO_DEADLINE, false), Views.of(LOCAL, CLOUD));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: 95.5 ms (only eligible target)");
    }

    @Test
    void anUnavailableCloudLeavesTheLocalTarget() {
        Placement p = policy.place(task(75.5, KIB_10, Task.NO_DEADLINE, true), Views.of(LOCAL, unavailable(CLOUD)));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: 95.5 ms (only eligible target)");
    }

    /** An accelerator is local: npu 0 + 75.5 × 0.5 = 37.75 ms beats the cloud's 42.0 even for offloadable tasks. */
    @Test
    void anAcceleratorIsALocalTarget() {
        TargetView npu = new TargetView("npu", TargetKind.ACCELERATOR, 1, 0, 0, true,
                new LatencyEstimates(0, 0.5, 0, 0, 0));
        assertThat(policy.place(task(75.5, KIB_10, Task.NO_DEADLINE, false), Views.of(LOCAL, npu, CLOUD)).reason())
                .isEqualTo("npu: 37.8 ms < local 95.5 ms");
        assertThat(policy.place(task(75.5, KIB_10, Task.NO_DEADLINE, true), Views.of(LOCAL, npu, CLOUD)).reason())
                .isEqualTo("npu: 37.8 ms < cloud 42.0 ms");
    }

    @Test
    void anEmptyViewOrNoUsableTargetDefers() {
        Placement empty = policy.place(task(1, 0, Task.NO_DEADLINE, true), Views.of());
        assertThat(empty.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(empty.reason()).isEqualTo("no target can take task t1: no targets");

        Placement none = policy.place(task(1, 0, Task.NO_DEADLINE, false), Views.of(unavailable(LOCAL), CLOUD));
        assertThat(none.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(none.reason()).isEqualTo("no target can take task t1: 1 of 2 unavailable, 1 remote but the task is "
                + "not offloadable");
    }

    /** now 1000, deadline 1042: the cloud's 42.0 ms meets it exactly (<=); at 1041 nothing does. */
    @Test
    void aDeadlineIsMetUpToItsLastMillisecond() {
        Placement exact = policy.place(task(75.5, KIB_10, 1042, true), Views.at(1000, LOCAL, CLOUD));
        assertThat(exact.targetId()).isEqualTo("cloud");
        assertThat(exact.reason()).isEqualTo("cloud: 42.0 ms < local 95.5 ms, deadline in 42.0 ms");

        Placement late = policy.place(task(75.5, KIB_10, 1041, true), Views.at(1000, LOCAL, CLOUD));
        assertThat(late.decision()).isEqualTo(PlacementDecision.PLACE);
        assertThat(late.targetId()).isEqualTo("cloud");
        assertThat(late.reason()).isEqualTo("deadline at risk: cloud 42.0 ms, deadline in 41.0 ms (next: local 95.5 "
                + "ms)");
    }

    /**
     * Deadline in 100 ms with a 60 ms remote margin: the cloud's 42.0 + 60 = 102 ms misses it, the local 95.5 ms meets
     * it, so the slower local target is picked. With a 50 ms margin (92 ms) the cloud is picked.
     */
    @Test
    void aDeadlineWithARemoteMarginExcludesTheFasterCloud() {
        LatencyAwarePolicy careful = new LatencyAwarePolicy(new LatencyAwareSettings(60,
                DeadlineMissAction.RUN_FASTEST));
        Placement p = careful.place(task(75.5, KIB_10, 1100, true), Views.at(1000, CLOUD, LOCAL));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: 95.5 ms meets the deadline in 100.0 ms; cloud 42.0 ms + margin 60.0 "
                + "ms would not");

        LatencyAwarePolicy lenient = new LatencyAwarePolicy(new LatencyAwareSettings(50,
                DeadlineMissAction.RUN_FASTEST));
        assertThat(lenient.place(task(75.5, KIB_10, 1100, true), Views.at(1000, CLOUD, LOCAL)).targetId())
                .isEqualTo("cloud");
        assertThat(careful.place(task(75.5, KIB_10, Task.NO_DEADLINE, true), Views.at(1000, CLOUD, LOCAL)).targetId())
                .as("no deadline, no margin").isEqualTo("cloud");
    }

    @Test
    void anUnreachableDeadlineIsRejectedWhenSoConfigured() {
        LatencyAwarePolicy strict = new LatencyAwarePolicy(new LatencyAwareSettings(0, DeadlineMissAction.REJECT));
        Placement p = strict.place(task(75.5, KIB_10, 1030, true), Views.at(1000, LOCAL, CLOUD));
        assertThat(p.decision()).isEqualTo(PlacementDecision.REJECT);
        assertThat(p.reason()).isEqualTo("deadline unreachable for task t1: fastest cloud 42.0 ms, deadline in 30.0 "
                + "ms");
        assertThat(strict.place(task(75.5, KIB_10, 1050, true), Views.at(1000, LOCAL, CLOUD)).targetId())
                .isEqualTo("cloud");
    }

    @Test
    void aDeadlineAlreadyPastIsRejected() {
        Placement p = policy.place(task(1, 0, 999, true), Views.at(1000, LOCAL, CLOUD));
        assertThat(p.decision()).isEqualTo(PlacementDecision.REJECT);
        assertThat(p.reason()).isEqualTo("deadline of task t1 passed 1.0 ms ago");
    }

    /**
     * Cost 40, no input: local 10 + 40 = 50 ms; cloud 10 + 0 + 5 + 40 × 0.5 + 15 = 50 ms: a tie, which the local
     * target wins wherever it is in the view; between two equal local targets the smaller id wins.
     */
    @Test
    void tiesPreferLocalThenTheSmallerId() {
        TargetView l = local("local", 10, 1);
        TargetView c = cloud(10, 0.5, 5, 0.5, 15);
        Placement p = policy.place(task(40, 0, Task.NO_DEADLINE, true), Views.of(c, l));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: 50.0 ms = cloud 50.0 ms");
        assertThat(policy.place(task(40, 0, Task.NO_DEADLINE, true), Views.of(local("pool-b", 10, 1), c,
                local("pool-a", 10, 1))).targetId()).isEqualTo("pool-a");
    }

    /** A queue of 200 ms locally sends even a 4 ms task with 100 KiB to the cloud (69.125 < 204 ms). */
    @Test
    void aLongLocalQueueOffloads() {
        Placement p = policy.place(task(4, 100 * 1024, Task.NO_DEADLINE, true), Views.of(local("local", 200, 1),
                CLOUD));
        assertThat(p.targetId()).isEqualTo("cloud");
        assertThat(p.reason()).isEqualTo("cloud: 69.1 ms < local 204.0 ms");
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingTheAttribute() {
        for (double bad : new double[] { -1, Double.NaN, Double.POSITIVE_INFINITY }) {
            assertThatThrownBy(() -> new LatencyAwareSettings(bad, DeadlineMissAction.REJECT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'remoteDeadlineMarginMs'");
        }
        assertThatThrownBy(() -> new LatencyAwareSettings(0, nullAction()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'onDeadlineMiss'");
        assertThat(policy.name()).isEqualTo("latency-aware");
        assertThat(policy.settings()).isEqualTo(LatencyAwareSettings.DEFAULTS);
    }

    @SuppressWarnings("NullAway")
    private static DeadlineMissAction nullAction() {
        return null;
    }
}
