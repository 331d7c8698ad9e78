// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.data.RecordBatch;
import io.weir.data.RecordListener;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineMetrics;
import io.weir.pipeline.PipelineStatus;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;

/**
 * One configured pipeline. It receives records from assets (it is a {@link RecordListener} whose
 * {@code weir.asset.source} comes from its configuration), runs them through its {@link PipelineRuntime}, and
 * hands the output of its terminal stages to every {@link RecordListener} whose {@value #OUTPUT_PROPERTY}
 * names it. Stage factories are tracked dynamically: that is what makes stages hot-swappable.
 *
 * <p>An invalid graph (bad JSON, unknown input, cycle) fails activation with a message naming the pipeline
 * and the problem, shown in {@code /health}. Other pipelines are separate components and keep running.
 */
@Component(service = {Pipeline.class, RecordListener.class}, immediate = true,
        configurationPid = PipelineComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PipelineConfig.class, factory = true)
public final class PipelineComponent implements Pipeline, RecordListener {

    static final String PID = "io.weir.pipeline";
    /** Service property of a RecordListener that wants a pipeline's output: pipeline names or "*". */
    public static final String OUTPUT_PROPERTY = "weir.pipeline.output";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineComponent.class);

    private final PipelineRuntime runtime;
    private final String name;
    /** Stage factories by type, in arrival order; maintained by bind/unbind. */
    private final Map<String, Deque<StageFactory>> factories = new ConcurrentHashMap<>();
    private final List<RecordListener> outputs = new CopyOnWriteArrayList<>();
    private volatile boolean active;

    @Activate
    public PipelineComponent(PipelineConfig config) {
        this.name = config.weir_pipeline_name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(PID + ": weir.pipeline.name must not be empty");
        }
        GraphSpec graph = GraphSpec.parse(name, config.stages());
        if (config.queueCapacity() < 1) {
            throw new IllegalArgumentException(PID + " " + name + ": queueCapacity must be at least 1");
        }
        if (config.latencySampleEvery() < 1 || Integer.bitCount(config.latencySampleEvery()) != 1) {
            throw new IllegalArgumentException(PID + " " + name + ": latencySampleEvery must be a power of two");
        }
        this.runtime = new PipelineRuntime(name, graph, config.queueCapacity(), config.overflowPolicy(),
                Math.max(0, config.deadLetterCapacity()), config.latencySampleEvery(), this::deliver);
    }

    @Activate
    void activate() {
        active = true;
        runtime.start(this::factory);
        LOG.info("Pipeline {} started: {}", name, runtime.status().state());
    }

    @Deactivate
    void deactivate() {
        active = false;
        runtime.stop();
        LOG.info("Pipeline {} stopped", name);
    }

    private StageFactory factory(String type) {
        Deque<StageFactory> d = factories.get(type);
        return d == null ? null : d.peekFirst();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + StageType.PROPERTY + "=*)")
    void bindStageFactory(StageFactory factory, Map<String, Object> properties) {
        String type = String.valueOf(properties.get(StageType.PROPERTY));
        factories.computeIfAbsent(type, t -> new ConcurrentLinkedDeque<>()).addLast(factory);
        if (active) {
            runtime.factoryAdded(type, factory);
        }
    }

    void unbindStageFactory(StageFactory factory, Map<String, Object> properties) {
        String type = String.valueOf(properties.get(StageType.PROPERTY));
        Deque<StageFactory> d = factories.get(type);
        if (d != null) {
            d.remove(factory);
        }
        if (active) {
            runtime.factoryRemoved(factory, d == null ? null : d.peekFirst());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + OUTPUT_PROPERTY + "=*)")
    void bindOutput(RecordListener listener, Map<String, Object> properties) {
        if (selects(properties.get(OUTPUT_PROPERTY), name)) {
            outputs.add(listener);
        }
    }

    void unbindOutput(RecordListener listener) {
        outputs.remove(listener);
    }

    static boolean selects(Object property, String name) {
        List<String> values = new ArrayList<>();
        if (property instanceof String[]) {
            values.addAll(List.of((String[]) property));
        } else if (property instanceof java.util.Collection) {
            ((java.util.Collection<?>) property).forEach(v -> values.add(String.valueOf(v)));
        } else if (property != null) {
            values.add(String.valueOf(property));
        }
        return values.contains(name) || values.contains("*");
    }

    private void deliver(RecordBatch batch) {
        for (RecordListener l : outputs) {
            try {
                l.onRecords(batch);
            } catch (RuntimeException e) {
                LOG.warn("Pipeline {}: output listener {} failed: {}", name, l, e.toString());
            }
        }
    }

    @Override
    public void onRecords(RecordBatch batch) {
        if (!active) {
            return;
        }
        try {
            runtime.accept(batch.records());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PipelineStatus status() {
        return runtime.status();
    }

    @Override
    public PipelineMetrics metrics() {
        return runtime.metrics();
    }

    List<DeadLetter> deadLetters() {
        return runtime.deadLetters();
    }

    long deadLetterCount() {
        return runtime.deadLetterCount();
    }
}
