// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.weir.pipeline.inference.DriftMonitor;
import io.weir.pipeline.inference.DriftStatus;

/**
 * Gogo command {@code weir:drift}: the drift statistics of every running {@code inference} node. Registered under
 * its own class, as Gogo requires of command objects (like {@code io.weir.pipeline}'s commands).
 */
@Component(service = DriftCommands.class, property = {"osgi.command.scope=weir", "osgi.command.function=drift"})
public final class DriftCommands {

    private final DriftMonitor monitor;

    @Activate
    public DriftCommands(@Reference(name = "monitor") DriftMonitor monitor) {
        this.monitor = monitor;
    }

    /** @return one block per node: model version, samples, state and every statistic */
    public String drift() {
        StringBuilder sb = new StringBuilder();
        for (DriftStatus d : monitor.statuses()) {
            sb.append(String.format("%s/%s: model %s@%s, %s threshold %s, window %d/%d, %s%n", d.pipelineName(),
                    d.stageId(), d.modelName(), d.modelVersion().isEmpty() ? "-" : d.modelVersion(), d.statistic(),
                    d.threshold(), d.samples(), d.window(),
                    d.since() >= 0 ? "DRIFT since " + d.since() + " " + d.drifting() : "no drift"));
            if (d.skippedRecords() > 0) {
                sb.append("    ").append(d.skippedRecords()).append(" record(s) passed unscored (missing feature)\n");
            }
            for (Map.Entry<String, Double> e : d.statistics().entrySet()) {
                sb.append(String.format("    %-24s %10.4f%n", e.getKey(), e.getValue()));
            }
        }
        return sb.length() == 0 ? "no inference stage is running\n" : sb.toString();
    }
}
