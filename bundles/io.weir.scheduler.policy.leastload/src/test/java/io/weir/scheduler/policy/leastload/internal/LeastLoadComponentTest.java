// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.leastload.internal;

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

class LeastLoadComponentTest {

    /** Converts a configuration map to the typed configuration as SCR does. */
    private static LeastLoadComponent.Config config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(LeastLoadComponent.Config.class);
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

    @Test
    void registersTheNamedPolicyBuiltFromItsConfiguration() {
        LeastLoadComponent component = new LeastLoadComponent(config(Map.of("maxUtilisation", "0.5")));
        assertThat(component.name()).isEqualTo("least-load");
        Task task = new Task("t", "k", 1, 0, 5, Task.NO_DEADLINE, false);
        // 0.25 + 1/4 = 0.5 is within the limit; 0.5 + 1/4 = 0.75 is not
        assertThat(component.place(task, new View(List.of(new TargetView("local", TargetKind.LOCAL, 4, 0.25, 0, true,
                LatencyEstimates.LOCAL_DEFAULT)))).decision()).isEqualTo(PlacementDecision.PLACE);
        assertThat(component.place(task, new View(List.of(new TargetView("local", TargetKind.LOCAL, 4, 0.5, 0, true,
                LatencyEstimates.LOCAL_DEFAULT)))).decision()).isEqualTo(PlacementDecision.DEFER);
    }

    @Test
    void defaultsApplyWithoutConfiguration() {
        assertThat(LeastLoadComponent.settings(config(Map.of())).maxUtilisation()).isZero();
    }

    @Test
    void invalidConfigurationNamesThePidAndTheAttribute() {
        assertThatThrownBy(() -> new LeastLoadComponent(config(Map.of("maxUtilisation", "-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.scheduler.policy.leastload: invalid configuration: 'maxUtilisation'");
    }
}
