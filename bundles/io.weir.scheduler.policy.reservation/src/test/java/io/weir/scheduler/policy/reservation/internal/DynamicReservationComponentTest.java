// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.reservation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.PlacementDecision;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;
import io.weir.scheduler.policy.reservation.DynamicReservationSettings;

class DynamicReservationComponentTest {

    /** Converts a configuration map to the typed configuration as SCR does. */
    private static DynamicReservationConfig config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(DynamicReservationConfig.class);
    }

    private record View(List<TargetView> targets) implements ClusterView {
        @Override
        public long nowMs() {
            return 0;
        }

        @Override
        public @Nullable TargetView target(String id) {
            return null;
        }
    }

    private static final ClusterView HALF_LOADED = new View(List.of(new TargetView("local", TargetKind.LOCAL, 4, 0.5,
            0, true, LatencyEstimates.LOCAL_DEFAULT)));

    @Test
    void defaultsApplyWithoutConfiguration() {
        assertThat(DynamicReservationComponent.settings(config(Map.of())))
                .isEqualTo(DynamicReservationSettings.DEFAULTS);
    }

    /**
     * Load 0.5, priority 5, u' = 0.75. Defaults: 0.5 is between the thresholds, reserved 0.5 × 0.25, limit 0.875:
     * placed. With growAbove 0.4 and step 0.5 the ratio becomes 0.75 first: reserved 0.375, limit 0.625: deferred.
     */
    @Test
    void theConfiguredThresholdsDriveThePolicy() {
        Task task = new Task("t", "k", 1, 0, 5, Task.NO_DEADLINE, false);
        DynamicReservationComponent defaults = new DynamicReservationComponent(config(Map.of()));
        assertThat(defaults.name()).isEqualTo("dynamic-reservation");
        assertThat(defaults.place(task, HALF_LOADED).decision()).isEqualTo(PlacementDecision.PLACE);

        DynamicReservationComponent eager = new DynamicReservationComponent(config(Map.of("growAbove", "0.4",
                "ratioStep", 0.5, "maxRatio", 1.0)));
        assertThat(eager.place(task, HALF_LOADED).decision()).isEqualTo(PlacementDecision.DEFER);
        assertThat(eager.place(new Task("t", "k", 1, 0, 2, Task.NO_DEADLINE, false), HALF_LOADED).decision())
                .as("high priority").isEqualTo(PlacementDecision.PLACE);
    }

    @Test
    void invalidConfigurationNamesThePidAndTheAttribute() {
        assertThatThrownBy(() -> new DynamicReservationComponent(config(Map.of("growAbove", 0.1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.weir.scheduler.policy.reservation: invalid configuration: 'growAbove' must be finite "
                        + "and > shrinkBelow (0.2), was 0.1");
        assertThatThrownBy(() -> new DynamicReservationComponent(config(Map.of("highPriorityMax", 12))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.scheduler.policy.reservation: invalid configuration: "
                        + "'highPriorityMax'");
    }
}
