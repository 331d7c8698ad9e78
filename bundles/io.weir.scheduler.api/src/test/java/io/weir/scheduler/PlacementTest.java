// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void onlyPlaceNamesATarget() {
        Placement p = Placement.to("cloud", "least expected completion");
        assertThat(p.decision()).isEqualTo(PlacementDecision.PLACE);
        assertThat(p.targetId()).isEqualTo("cloud");
        assertThat(Placement.defer("all busy").targetId()).isNull();
        assertThat(Placement.reject("deadline unreachable").decision()).isEqualTo(PlacementDecision.REJECT);

        assertThatThrownBy(() -> new Placement(PlacementDecision.PLACE, null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs");
        assertThatThrownBy(() -> new Placement(PlacementDecision.DEFER, "local", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes no");
        assertThatThrownBy(() -> Placement.to("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void targetViewChecksRanges() {
        LatencyEstimates e = LatencyEstimates.LOCAL_DEFAULT;
        assertThatThrownBy(() -> new TargetView("local", TargetKind.LOCAL, 0, 0, 0, true, e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new TargetView("local", TargetKind.LOCAL, 4, -0.1, 0, true, e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load");
        assertThatThrownBy(() -> new TargetView("local", TargetKind.LOCAL, 4, 0.5, 1.5, true, e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        TargetView cloud = new TargetView("cloud", TargetKind.CLOUD, Double.POSITIVE_INFINITY, 1.7, 0, false,
                new LatencyEstimates(30, 0.25, 40, 0.5, 20));
        assertThat(cloud.load()).isEqualTo(1.7);
        assertThat(cloud.estimates().computeFactor()).isEqualTo(0.25);
    }

    @Test
    void estimatesAreFiniteAndNonNegative() {
        assertThatThrownBy(() -> new LatencyEstimates(-1, 1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueMs");
        assertThatThrownBy(() -> new LatencyEstimates(0, Double.NaN, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("computeFactor");
        assertThatThrownBy(() -> new LatencyEstimates(0, 1, 0, Double.POSITIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uplinkMsPerKiB");
        assertThat(LatencyEstimates.LOCAL_DEFAULT.computeFactor()).isEqualTo(1.0);
    }
}
