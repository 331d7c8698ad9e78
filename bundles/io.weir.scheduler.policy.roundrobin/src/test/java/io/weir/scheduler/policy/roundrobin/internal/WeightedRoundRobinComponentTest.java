// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.roundrobin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

class WeightedRoundRobinComponentTest {

    /** Converts a configuration map to the typed configuration as SCR does. */
    private static WeightedRoundRobinComponent.Config config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(WeightedRoundRobinComponent.Config.class);
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
        WeightedRoundRobinComponent component = new WeightedRoundRobinComponent(config(Map.of("maxWeight", "2")));
        assertThat(component.name()).isEqualTo("weighted-round-robin");
        ClusterView view = new View(List.of(
                new TargetView("local", TargetKind.LOCAL, 1, 0, 0, true, LatencyEstimates.LOCAL_DEFAULT),
                new TargetView("cloud", TargetKind.CLOUD, Double.POSITIVE_INFINITY, 0, 0, true,
                        new LatencyEstimates(0, 0.5, 10, 0.1, 5))));
        Task task = new Task("t", "k", 1, 0, 5, Task.NO_DEADLINE, true);
        // weights 1 and min(inf, 2) = 2: (1,2) cloud → (1,-1); (2,1) local → (-1,1); (0,3) cloud → (0,0)
        assertThat(List.of(component.place(task, view).targetId(), component.place(task, view).targetId(),
                component.place(task, view).targetId())).containsExactly("cloud", "local", "cloud");
    }

    @Test
    void defaultsApplyWithoutConfiguration() {
        assertThat(WeightedRoundRobinComponent.settings(config(Map.of())).maxWeight()).isEqualTo(100.0);
    }

    @Test
    void invalidConfigurationNamesThePidAndTheAttribute() {
        assertThatThrownBy(() -> new WeightedRoundRobinComponent(config(Map.of("maxWeight", -3.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.scheduler.policy.roundrobin: invalid configuration: 'maxWeight'");
    }
}
