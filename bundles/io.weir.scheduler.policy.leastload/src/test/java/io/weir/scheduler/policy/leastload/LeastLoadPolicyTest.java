// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.leastload;

import static io.weir.scheduler.policy.leastload.Views.target;
import static io.weir.scheduler.policy.leastload.Views.task;
import static io.weir.scheduler.policy.leastload.Views.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.weir.scheduler.Placement;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;

class LeastLoadPolicyTest {

    private final LeastLoadPolicy policy = new LeastLoadPolicy();

    /** u' = load + 1/capacity: local 0.5 + 1/4 = 0.75, neighbour 0.5 + 1/1 = 1.5, cloud 0.75 + 1/8 = 0.875. */
    @Test
    void picksTheLowestUtilisationAfterPlacing() {
        Placement p = policy.place(task(true), Views.of(target("local", TargetKind.LOCAL, 4, 0.5),
                target("neighbour", TargetKind.NEIGHBOUR, 1, 0.5), target("cloud", TargetKind.CLOUD, 8, 0.75)));
        assertThat(p.decision()).isEqualTo(PlacementDecision.PLACE);
        assertThat(p.targetId()).isEqualTo("local");
        assertThat(p.reason()).isEqualTo("local: utilisation 0.750 after placing, lowest of 3 (next: cloud 0.875)");
    }

    /** b: 0.375 + 1/4 = 0.625; a: 0.125 + 1/2 = 0.625; c: 0.5 + 1/8 = 0.625: a tie, won by the smallest id. */
    @Test
    void tiesGoToTheSmallestIdWhateverTheViewOrder() {
        TargetView a = target("a-pool", TargetKind.LOCAL, 2, 0.125);
        TargetView b = target("b-pool", TargetKind.LOCAL, 4, 0.375);
        TargetView c = target("c-pool", TargetKind.ACCELERATOR, 8, 0.5);
        for (Views view : new Views[] { Views.of(a, b, c), Views.of(b, c, a), Views.of(c, a, b), Views.of(c, b, a) }) {
            Placement p = policy.place(task(false), view);
            assertThat(p.targetId()).isEqualTo("a-pool");
            assertThat(p.reason()).isEqualTo("a-pool: utilisation 0.625 after placing, lowest of 3 (next: b-pool 0.625)");
        }
    }

    /** A one-core neighbour at load 0.25 (u' 1.25) loses to a four-core pool at load 0.5 (u' 0.75). */
    @Test
    void headroomForTheTaskCountsNotJustTheCurrentLoad() {
        assertThat(policy.place(task(true), Views.of(target("neighbour", TargetKind.NEIGHBOUR, 1, 0.25),
                target("local", TargetKind.LOCAL, 4, 0.5))).targetId()).isEqualTo("local");
    }

    /** Cloud: 0.125 + 1/inf = 0.125 beats local 0 + 1/4 = 0.25, but only for an offloadable task. */
    @Test
    void anElasticCloudGainsNothingAndTakesOnlyOffloadableTasks() {
        Views view = Views.of(target("local", TargetKind.LOCAL, 4, 0),
                target("cloud", TargetKind.CLOUD, Double.POSITIVE_INFINITY, 0.125));
        Placement off = policy.place(task(true), view);
        assertThat(off.targetId()).isEqualTo("cloud");
        assertThat(off.reason()).isEqualTo("cloud: utilisation 0.125 after placing, lowest of 2 (next: local 0.250)");
        Placement local = policy.place(task(false), view);
        assertThat(local.targetId()).isEqualTo("local");
        assertThat(local.reason()).isEqualTo("local: utilisation 0.250 after placing, lowest of 1");
    }

    @Test
    void skipsUnavailableTargetsAndDefersWhenNoneIsLeft() {
        TargetView idle = unavailable(target("idle", TargetKind.LOCAL, 4, 0));
        assertThat(policy.place(task(false), Views.of(idle, target("busy", TargetKind.LOCAL, 4, 2))).targetId())
                .isEqualTo("busy");

        Placement none = policy.place(task(false), Views.of(idle, target("cloud", TargetKind.CLOUD, 8, 0)));
        assertThat(none.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(none.reason()).isEqualTo("no target can take task t1: 1 of 2 unavailable, 1 remote but the task is "
                + "not offloadable");

        Placement empty = policy.place(task(true), Views.of());
        assertThat(empty.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(empty.reason()).isEqualTo("no target can take task t1: no targets");
    }

    /** maxUtilisation 1: 0.75 + 1/4 = 1.0 is allowed (not above), 1.0 + 1/4 = 1.25 is not. */
    @Test
    void aUtilisationLimitDefersInsteadOfOverloading() {
        LeastLoadPolicy limited = new LeastLoadPolicy(new LeastLoadSettings(1));
        assertThat(limited.place(task(false), Views.of(target("local", TargetKind.LOCAL, 4, 0.75))).targetId())
                .isEqualTo("local");
        Placement full = limited.place(task(false), Views.of(target("local", TargetKind.LOCAL, 4, 1)));
        assertThat(full.decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(full.reason()).isEqualTo("no target can take task t1: 0 of 1 unavailable, 1 above maxUtilisation "
                + "1.000");
        assertThat(policy.place(task(false), Views.of(target("local", TargetKind.LOCAL, 4, 1))).targetId())
                .as("no limit by default").isEqualTo("local");
    }

    @Test
    void settingsRejectOutOfRangeValuesNamingTheAttribute() {
        for (double bad : new double[] { -0.5, Double.NaN, Double.POSITIVE_INFINITY }) {
            assertThatThrownBy(() -> new LeastLoadSettings(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'maxUtilisation'");
        }
        assertThat(policy.name()).isEqualTo("least-load");
        assertThat(policy.settings().maxUtilisation()).isZero();
        assertThat(LeastLoadPolicy.utilisationAfter(target("x", TargetKind.LOCAL, 2, 0.5))).isEqualTo(1.0);
    }
}
