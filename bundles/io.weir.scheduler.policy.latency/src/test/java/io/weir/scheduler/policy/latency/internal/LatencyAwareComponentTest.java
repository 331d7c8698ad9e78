// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.policy.latency.internal;

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
import io.weir.scheduler.policy.latency.DeadlineMissAction;
import io.weir.scheduler.policy.latency.LatencyAwareSettings;

class LatencyAwareComponentTest {

    /** Converts a configuration map to the typed configuration as SCR does. */
    private static LatencyAwareComponent.Config config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(LatencyAwareComponent.Config.class);
    }

    private record View(long nowMs, List<TargetView> targets) implements ClusterView {
        @Override
        public @Nullable TargetView target(String id) {
            return null;
        }
    }

    @Test
    void defaultsApplyWithoutConfiguration() {
        assertThat(LatencyAwareComponent.settings(config(Map.of()))).isEqualTo(LatencyAwareSettings.DEFAULTS);
    }

    /** Local 10 + 50 = 60 ms against a deadline 50 ms away: at risk by default, rejected when so configured. */
    @Test
    void theConfiguredDeadlineActionIsApplied() {
        View view = new View(100, List.of(new TargetView("local", TargetKind.LOCAL, 4, 0, 0, true,
                new LatencyEstimates(10, 1, 0, 0, 0))));
        Task task = new Task("t", "k", 50, 0, 5, 150, false);
        LatencyAwareComponent runs = new LatencyAwareComponent(config(Map.of()));
        assertThat(runs.name()).isEqualTo("latency-aware");
        assertThat(runs.place(task, view).reason()).startsWith("deadline at risk: local 60.0 ms");
        LatencyAwareComponent rejects = new LatencyAwareComponent(config(Map.of("onDeadlineMiss", "REJECT",
                "remoteDeadlineMarginMs", "25")));
        assertThat(LatencyAwareComponent.settings(config(Map.of("onDeadlineMiss", "REJECT",
                "remoteDeadlineMarginMs", "25")))).isEqualTo(new LatencyAwareSettings(25, DeadlineMissAction.REJECT));
        assertThat(rejects.place(task, view).decision()).isEqualTo(PlacementDecision.REJECT);
    }

    @Test
    void invalidConfigurationNamesThePidAndTheAttribute() {
        assertThatThrownBy(() -> new LatencyAwareComponent(config(Map.of("remoteDeadlineMarginMs", -5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.scheduler.policy.latency: invalid configuration: "
                        + "'remoteDeadlineMarginMs'");
        assertThatThrownBy(() -> new LatencyAwareComponent(config(Map.of("onDeadlineMiss", "GIVE_UP"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("io.weir.scheduler.policy.latency: invalid configuration: 'onDeadlineMiss' "
                        + "must be one of [RUN_FASTEST, REJECT]");
    }
}
