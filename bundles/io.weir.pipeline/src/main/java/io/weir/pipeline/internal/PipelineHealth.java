// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineStatus;

/**
 * Reports every pipeline in {@code /health} as one contribution, {@code pipelines}: DOWN if any pipeline
 * FAILED, DEGRADED if any is WAITING for a stage type or starting, UP otherwise; one detail per pipeline.
 */
@Component(service = HealthContributor.class)
public final class PipelineHealth implements HealthContributor {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "pipelines";
    }

    @Override
    public HealthReport health() {
        HealthState worst = HealthState.UP;
        Map<String, String> details = new LinkedHashMap<>();
        StringBuilder message = new StringBuilder();
        for (Pipeline p : pipelines) {
            PipelineStatus s = p.status();
            HealthState state;
            switch (s.state()) {
                case RUNNING:
                    state = HealthState.UP;
                    break;
                case FAILED:
                    state = HealthState.DOWN;
                    break;
                default:
                    state = HealthState.DEGRADED;
            }
            if (state.compareTo(worst) > 0) {
                worst = state;
            }
            details.put(p.name(), s.state() + (s.message().isEmpty() ? "" : ": " + s.message()));
            if (state != HealthState.UP) {
                message.append(message.length() == 0 ? "" : "; ").append(p.name()).append(' ').append(s.state());
            }
        }
        return new HealthReport(worst, message.toString(), details);
    }
}
