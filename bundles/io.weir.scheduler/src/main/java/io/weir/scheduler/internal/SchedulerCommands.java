// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import java.util.Locale;

import io.weir.scheduler.Scheduler;
import io.weir.scheduler.SchedulerMetrics;
import io.weir.scheduler.TargetView;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code weir:scheduler}: the active policy, the targets as the policy sees them, the metrics, and a plot
 * of where tasks ended in each of the last 60 seconds.
 */
@Component(service = SchedulerCommands.class, property = { "osgi.command.scope=weir",
    "osgi.command.function=scheduler" })
public final class SchedulerCommands {

    private final Scheduler scheduler;

    @Activate
    public SchedulerCommands(@Reference Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public String scheduler() {
        StringBuilder b = new StringBuilder();
        String p = scheduler.activePolicy();
        b.append("policy: ").append(p.isEmpty() ? "(none: tasks wait)" : p).append('\n');
        b.append(String.format(Locale.ROOT, "%-12s %-6s %8s %6s %5s %9s %8s %9s %9s%n", "TARGET", "KIND", "CAPACITY",
                "LOAD", "UP", "QUEUE ms", "COMPUTE", "UPLINK ms", "DOWN ms"));
        for (TargetView t : scheduler.view().targets()) {
            b.append(String.format(Locale.ROOT, "%-12s %-6s %8.0f %6.2f %5s %9.1f %8.2f %9.1f %9.1f%n", t.id(),
                    t.kind(), t.capacity(), t.load(), t.available() ? "yes" : "NO", t.estimates().queueMs(),
                    t.estimates().computeFactor(), t.estimates().uplinkMs(), t.estimates().downlinkMs()));
        }
        b.append(String.format(Locale.ROOT, "%-28s %8s %9s %7s %8s %7s %9s %9s %6s%n", "SCOPE", "TASKS", "COMPLETED",
                "FAILED", "EXPIRED", "MISSED", "P50 ms", "P99 ms", "U"));
        for (SchedulerMetrics m : scheduler.metrics()) {
            b.append(String.format(Locale.ROOT, "%-28s %8d %9d %7d %8d %7d %9.1f %9.1f %6.2f%n", m.scope(), m.tasks(),
                    m.completed(), m.failed(), m.expired(), m.deadlineMisses(), m.p50Ms(), m.p99Ms(),
                    m.utilisation()));
        }
        if (scheduler instanceof SchedulerComponent c) { // the plot needs the engine's history, not in the API
            for (String line : c.activity()) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
