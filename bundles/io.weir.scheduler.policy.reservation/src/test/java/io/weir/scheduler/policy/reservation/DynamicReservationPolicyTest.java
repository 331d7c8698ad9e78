// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation;

import static io.weir.scheduler.policy.reservation.Views.local;
import static io.weir.scheduler.policy.reservation.Views.target;
import static io.weir.scheduler.policy.reservation.Views.task;
import static io.weir.scheduler.policy.reservation.Views.unavailable;
import static io.weir.scheduler.policy.reservation.Views.withReserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Placement;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;

/**
 * Numbers are chosen to be exact in binary: ratio step 0.125 from 0.25, between 0 and 0.5 (the thresholds are the
 * defaults 0.8 and 0.2), capacities that are powers of two.
 */
class DynamicReservationPolicyTest {

    private static final DynamicReservationSettings EXACT = new DynamicReservationSettings(2, 0.8, 0.2, 0.125, 0.25,
            0, 0.5, 0);

    private final DynamicReservationPolicy policy = new DynamicReservationPolicy(EXACT);

    private double ratioAfterOneCall(double load) {
        DynamicReservationPolicy p = new DynamicReservationPolicy(EXACT);
        p.place(task(5, false), Views.of(local(4, load)));
        return p.ratio("local");
    }

    @Test
    void theRatioStaysPutExactlyAtEitherThreshold() {
        assertThat(ratioAfterOneCall(0.8)).isEqualTo(0.25);
        assertThat(ratioAfterOneCall(0.2)).isEqualTo(0.25);
        assertThat(ratioAfterOneCall(0.5)).isEqualTo(0.25);
    }

    @Test
    void theRatioGrowsJustAboveTheUpperThreshold() {
        assertThat(ratioAfterOneCall(Math.nextUp(0.8))).isEqualTo(0.375);
        assertThat(ratioAfterOneCall(0.81)).isEqualTo(0.375);
    }

    @Test
    void theRatioShrinksJustBelowTheLowerThreshold() {
        assertThat(ratioAfterOneCall(Math.nextDown(0.2))).isEqualTo(0.125);
        assertThat(ratioAfterOneCall(0.19)).isEqualTo(0.125);
    }

    @Test
    void theRatioStaysWithinItsBounds() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            policy.place(task(5, false), Views.of(local(4, 0.9)));
            ratios.add(policy.ratio("local"));
        }
        for (int i = 0; i < 5; i++) {
            policy.place(task(5, false), Views.of(local(4, 0.1)));
            ratios.add(policy.ratio("local"));
        }
        assertThat(ratios).containsExactly(0.375, 0.5, 0.5, 0.5, 0.375, 0.25, 0.125, 0.0, 0.0);
    }

    /** load 0.5 × ratio 0.25 = 0.125 reserved: a low-priority task may go up to 0.875; u' = 0.5 + 1/4 = 0.75. */
    @Test
    void aLowPriorityTaskUsesTheUnreservedShare() {
        Placement p = policy.place(task(5, false), Views.of(local(4, 0.5)));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: utilisation 0.750 after placing <= 0.875 for priority 5 (reserved "
                + "0.125 = load 0.500 x ratio 0.250), lowest of 1");
    }

    /**
     * load 0.75 × 0.25 = 0.1875 reserved, limit 0.8125; u' = 0.75 + 1/4 = 1.0: too much for priority 3, fine for
     * priority 2 (= highPriorityMax) and 0, which may use the whole capacity; at load 1.0 (u' 1.25) not even those.
     */
    @Test
    void highPriorityTasksMayUseTheWholeCapacity() {
        Placement low = policy.place(task(3, false), Views.of(local(4, 0.75)));
        assertThat(low.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(low.reason()).isEqualTo("no target can take task t1 (priority 3): 0 of 1 unavailable, 1 over its "
                + "limit (local 1.000 > 0.813)");

        Placement edge = policy.place(task(2, false), Views.of(local(4, 0.75)));
        assertThat(edge.targetId()).isEqualTo("local");
        assertThat(edge.reason()).isEqualTo("local: utilisation 1.000 after placing <= 1.000 for high priority 2, "
                + "lowest of 1");
        assertThat(policy.place(task(0, false), Views.of(local(4, 0.75))).targetId()).isEqualTo("local");

        assertThat(policy.place(task(0, false), Views.of(local(4, 1.0))).decision())
                .isEqualTo(PlacementDecision.DEFER);
        assertThat(policy.isHighPriority(task(2, false))).isTrue();
        assertThat(policy.isHighPriority(task(3, false))).isFalse();
    }

    /** Ratio 0.5 at load 0.5: limit 0.75 = u' exactly, allowed; a hair more load is not. */
    @Test
    void theLimitItselfIsAllowed() {
        DynamicReservationPolicy half = new DynamicReservationPolicy(new DynamicReservationSettings(2, 0.8, 0.2,
                0.125, 0.5, 0, 0.5, 0));
        assertThat(half.place(task(5, false), Views.of(local(4, 0.5))).decision()).isEqualTo(PlacementDecision.PLACE);
        assertThat(half.place(task(5, false), Views.of(local(4, Math.nextUp(0.5)))).decision())
                .isEqualTo(PlacementDecision.DEFER);
    }

    /** The view reserves 0.5 (more than 0.25 × 0.25): low-priority limit 0.5. */
    @Test
    void theViewsReservationIsAFloor() {
        Placement p = policy.place(task(5, false), Views.of(withReserved(local(4, 0.25), 0.5)));
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: utilisation 0.500 after placing <= 0.500 for priority 5 (reserved "
                + "0.500 by the scheduler), lowest of 1");
        assertThat(policy.place(task(5, false), Views.of(withReserved(local(4, 0.375), 0.5))).decision())
                .isEqualTo(PlacementDecision.DEFER);
    }

    /**
     * local: u' 0.75 + 1/4 = 1.0 over its low limit 0.8125; cloud: 0.5 + 1/8 = 0.625 within 1 − 0.125; neighbour:
     * 0.25 + 1/2 = 0.75 within 1 − 0.0625. No load crosses a threshold, so the ratios stay 0.25.
     */
    @Test
    void placesByLeastLoadAmongTheTargetsTheTaskMayUse() {
        ClusterView view = Views.of(local(4, 0.75), target("cloud", TargetKind.CLOUD, 8, 0.5),
                target("neighbour", TargetKind.NEIGHBOUR, 2, 0.25));
        assertThat(policy.place(task(5, true), view).targetId()).isEqualTo("cloud");
        Placement stuck = policy.place(task(5, false), view);
        assertThat(stuck.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(stuck.reason()).isEqualTo("no target can take task t1 (priority 5): 0 of 3 unavailable, 2 remote "
                + "but the task is not offloadable, 1 over its limit (local 1.000 > 0.813)");
        assertThat(policy.place(task(1, false), view).targetId()).isEqualTo("local");
        assertThat(policy.place(task(1, true), view).targetId()).isEqualTo("cloud");
    }

    /** b: 0.25 + 1/4 = 0.5; a: 0 + 1/2 = 0.5: a tie, to the smaller id. */
    @Test
    void tiesGoToTheSmallestId() {
        assertThat(policy.place(task(5, false), Views.of(target("b", TargetKind.LOCAL, 4, 0.25),
                target("a", TargetKind.LOCAL, 2, 0))).targetId()).isEqualTo("a");
    }

    @Test
    void ratiosAreKeptPerTargetAndUpdatedWhateverTheTask() {
        ClusterView view = Views.of(local(4, 0.1), target("cloud", TargetKind.CLOUD, 8, 0.9));
        policy.place(task(5, false), view);
        policy.place(task(0, false), view);
        assertThat(policy.ratio("local")).isEqualTo(0.0);
        assertThat(policy.ratio("cloud")).as("updated although the task could not go there").isEqualTo(0.5);
        assertThat(policy.ratio("never-seen")).isEqualTo(0.25);
    }

    @Test
    void anUnavailableTargetKeepsItsRatio() {
        Placement p = policy.place(task(5, false), Views.of(unavailable(local(4, 0.9))));
        assertThat(p.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(p.reason()).isEqualTo("no target can take task t1 (priority 5): 1 of 1 unavailable");
        assertThat(policy.ratio("local")).isEqualTo(0.25);
        assertThat(policy.place(task(5, false), Views.of()).reason())
                .isEqualTo("no target can take task t1 (priority 5): no targets");
    }

    /** Interval 100 ms, load 0.9, maximum 1: adjusted at 0, 100 and 200 only. */
    @Test
    void anAdjustmentIntervalFollowsTheViewsClock() {
        DynamicReservationPolicy timed = new DynamicReservationPolicy(new DynamicReservationSettings(2, 0.8, 0.2,
                0.125, 0.25, 0, 1, 100));
        List<Double> ratios = new ArrayList<>();
        for (long now : new long[] { 0, 50, 99, 100, 150, 199, 200 }) {
            timed.place(task(5, false), Views.at(now, local(4, 0.9)));
            ratios.add(timed.ratio("local"));
        }
        assertThat(ratios).containsExactly(0.375, 0.375, 0.375, 0.5, 0.5, 0.5, 0.625);
    }

    /** 1,024 updates of 1/1024 from 0 in four threads end exactly at 1: none is lost. */
    @Test
    void concurrentCallsLoseNoUpdate() throws Exception {
        DynamicReservationPolicy shared = new DynamicReservationPolicy(new DynamicReservationSettings(2, 0.8, 0.2,
                1.0 / 1024, 0, 0, 1, 0));
        ClusterView hot = Views.of(local(4, 0.9));
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
                for (int k = 0; k < 256; k++) {
                    shared.place(task(5, false), hot);
                }
            }, "reservation-test-" + i);
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(shared.ratio("local")).isEqualTo(1.0);
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingTheAttribute() {
        record Bad(String attribute, Runnable make) {
        }
        List<Bad> bad = List.of(
                new Bad("highPriorityMax", () -> new DynamicReservationSettings(-1, 0.8, 0.2, 0.05, 0.25, 0, 0.5, 0)),
                new Bad("highPriorityMax", () -> new DynamicReservationSettings(10, 0.8, 0.2, 0.05, 0.25, 0, 0.5, 0)),
                new Bad("shrinkBelow", () -> new DynamicReservationSettings(2, 0.8, -0.1, 0.05, 0.25, 0, 0.5, 0)),
                new Bad("growAbove", () -> new DynamicReservationSettings(2, 0.2, 0.2, 0.05, 0.25, 0, 0.5, 0)),
                new Bad("growAbove", () -> new DynamicReservationSettings(2, Double.NaN, 0.2, 0.05, 0.25, 0, 0.5, 0)),
                new Bad("ratioStep", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0, 0.25, 0, 0.5, 0)),
                new Bad("ratioStep", () -> new DynamicReservationSettings(2, 0.8, 0.2, 1.5, 0.25, 0, 0.5, 0)),
                new Bad("minRatio", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.25, -0.1, 0.5, 0)),
                new Bad("maxRatio", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.25, 0.3, 0.2, 0)),
                new Bad("maxRatio", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.25, 0, 1.1, 0)),
                new Bad("initialRatio", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.6, 0, 0.5, 0)),
                new Bad("adjustIntervalMs", () -> new DynamicReservationSettings(2, 0.8, 0.2, 0.05, 0.25, 0, 0.5,
                        -1)));
        for (Bad b : bad) {
            assertThatThrownBy(b.make()::run).as(b.attribute()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + b.attribute() + "'");
        }
        DynamicReservationSettings d = new DynamicReservationPolicy().settings();
        assertThat(d).isEqualTo(DynamicReservationSettings.DEFAULTS);
        assertThat(List.of(d.highPriorityMax(), d.growAbove(), d.shrinkBelow())).containsExactly(2, 0.8, 0.2);
        assertThat(policy.name()).isEqualTo("dynamic-reservation");
    }

    @Test
    void sameCallsGiveTheSameAnswers() {
        DynamicReservationPolicy one = new DynamicReservationPolicy();
        DynamicReservationPolicy two = new DynamicReservationPolicy();
        for (int i = 0; i < 50; i++) {
            TargetView l = local(4, (i % 10) / 8.0);
            TargetView c = target("cloud", TargetKind.CLOUD, 8, ((i * 7) % 10) / 8.0);
            ClusterView view = Views.at(i, l, c);
            assertThat(one.place(task(i % 10, i % 2 == 0), view)).isEqualTo(two.place(task(i % 10, i % 2 == 0),
                    view));
        }
        assertThat(one.ratio("local")).isEqualTo(two.ratio("local"));
    }
}
