// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.weir.pipeline.LatencySummary;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineMetrics;
import io.weir.pipeline.StageMetrics;

/**
 * Gogo commands: {@code weir:pipelines} lists pipelines with their state and metrics,
 * {@code weir:pipeline NAME} shows one pipeline stage by stage, {@code weir:deadletters NAME} shows the
 * records its stages could not process, with the reasons.
 */
@Component(service = PipelineCommands.class, property = {"osgi.command.scope=weir",
    "osgi.command.function=pipelines", "osgi.command.function=pipeline", "osgi.command.function=deadletters"})
public final class PipelineCommands {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    private final List<Pipeline> pipelines = new CopyOnWriteArrayList<>();

    public String pipelines() {
        StringBuilder sb = new StringBuilder(String.format("%-20s %-8s %12s %12s %8s %8s %7s %10s %10s%n", "PIPELINE",
                "STATE", "IN", "OUT", "DROPPED", "ERRORS", "QUEUE", "P50", "P99"));
        for (Pipeline p : pipelines) {
            PipelineMetrics m = p.metrics();
            sb.append(String.format("%-20s %-8s %12d %12d %8d %8d %7d %10s %10s%n", p.name(), p.status().state(), m.in(),
                    m.out(), m.dropped(), m.errors(), m.queueDepth(), micros(m.latency().p50Nanos()),
                    micros(m.latency().p99Nanos())));
            if (!p.status().message().isEmpty()) {
                sb.append("    ").append(p.status().message()).append('\n');
            }
        }
        return sb.toString();
    }

    public String pipeline(String name) {
        Pipeline p = find(name);
        if (p == null) {
            return "no pipeline named " + name + "\n";
        }
        PipelineMetrics m = p.metrics();
        StringBuilder sb = new StringBuilder();
        sb.append(p.name()).append(": ").append(p.status().state());
        if (!p.status().message().isEmpty()) {
            sb.append(" (").append(p.status().message()).append(')');
        }
        sb.append('\n').append(String.format("  in %d, out %d, dropped %d, errors %d, queued %d, latency %s%n", m.in(),
                m.out(), m.dropped(), m.errors(), m.queueDepth(), latency(m.latency())));
        sb.append(String.format("  %-16s %-14s %12s %12s %8s  %s%n", "STAGE", "TYPE", "IN", "OUT", "ERRORS", "LATENCY"));
        for (StageMetrics s : m.stages()) {
            sb.append(String.format("  %-16s %-14s %12d %12d %8d  %s%n", s.stageId(), s.stageType(), s.in(), s.out(),
                    s.errors(), latency(s.latency())));
        }
        return sb.toString();
    }

    public String deadletters(String name) {
        Pipeline p = find(name);
        if (!(p instanceof PipelineComponent)) {
            return "no pipeline named " + name + "\n";
        }
        PipelineComponent c = (PipelineComponent) p;
        StringBuilder sb = new StringBuilder(c.deadLetterCount() + " record(s) failed in " + name + "; the last "
                + c.deadLetters().size() + ":\n");
        for (DeadLetter d : c.deadLetters()) {
            sb.append(String.format("  %tT stage %s: %s  <- %s%n", d.timeMillis(), d.stageId(), d.reason(), d.record()));
        }
        return sb.toString();
    }

    private Pipeline find(String name) {
        for (Pipeline p : pipelines) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static String latency(LatencySummary l) {
        return l.count() == 0 ? "-" : "p50 " + micros(l.p50Nanos()) + " p99 " + micros(l.p99Nanos()) + " max "
                + micros(l.maxNanos());
    }

    private static String micros(long nanos) {
        return nanos < 10_000 ? String.format("%.2fus", nanos / 1000.0) : String.format("%.1fms", nanos / 1_000_000.0);
    }
}
