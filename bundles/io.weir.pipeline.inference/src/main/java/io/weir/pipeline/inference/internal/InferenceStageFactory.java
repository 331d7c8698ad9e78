// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.inference.InferenceEngine;
import io.weir.scheduler.Scheduler;
import io.weir.inference.Model;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageContext;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;
import io.weir.pipeline.inference.DriftMonitor;
import io.weir.pipeline.inference.DriftStatus;

/**
 * Stage type {@code inference}, and the {@link DriftMonitor} listing the drift statistics of the nodes it made. One
 * component does both because the set of live nodes is exactly the stages this factory made and has not seen closed.
 *
 * <p>References: the {@link InferenceEngine} (static, mandatory: no engine, no stage type) and {@link EventAdmin}
 * (optional, dynamic, greedy: scoring and the monitor work without it; drift events are then only logged).
 */
@Component(service = {StageFactory.class, DriftMonitor.class}, configurationPolicy = ConfigurationPolicy.IGNORE)
@StageType(StageSettings.TYPE)
public final class InferenceStageFactory implements StageFactory, DriftMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(InferenceStageFactory.class);

    private record NodeKey(String pipelineName, String stageId) {
    }

    private final InferenceEngine engine;
    private final Map<NodeKey, InferenceStage> live = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedNoEventAdmin = new AtomicBoolean();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable EventAdmin eventAdmin;

    /** Where offloadable stages send their inferences (optional: without it they run locally). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile @Nullable Scheduler scheduler;

    /** Largest result accepted from the cloud. */
    static final int MAX_RESULT_BYTES = 1 << 20;

    /** @param engine the inference engine, used by every stage this factory makes */
    @Activate
    public InferenceStageFactory(@Reference(name = "engine") InferenceEngine engine) {
        this.engine = engine;
    }

    /** For tests outside a framework: sets or clears the EventAdmin, as DS would. */
    void eventAdmin(@Nullable EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public Stage create(StageContext context) {
        StageSettings s = StageSettings.read(context);
        Model active = engine.model(s.model());
        if (active == null) {
            LOG.info("{}: model '{}' is not loaded yet; records fail until it is", s.where(), s.model());
        } else {
            try {
                ModelBinding.of(active.descriptor(), s);
            } catch (BindingException e) {
                LOG.warn("{}: records will fail while this version is active: {}", s.where(), e.getMessage());
            }
        }
        NodeKey key = new NodeKey(s.pipelineName(), s.stageId());
        InferenceEngine e = engine;
        InferenceStageConfig c = context.config(InferenceStageConfig.class);
        if (c.offload()) {
            if (c.offloadDeadlineMs() < 1) {
                throw new IllegalArgumentException(s.where() + ": invalid configuration 'offloadDeadlineMs': must be "
                        + "at least 1, was " + c.offloadDeadlineMs());
            }
            if (c.offloadPriority() < 0 || c.offloadPriority() > 9) {
                throw new IllegalArgumentException(s.where() + ": invalid configuration 'offloadPriority': must be 0 "
                        + "to 9, was " + c.offloadPriority());
            }
            if (!(c.offloadCostMs() >= 0) || Double.isInfinite(c.offloadCostMs())) {
                throw new IllegalArgumentException(s.where() + ": invalid configuration 'offloadCostMs': must be a "
                        + "finite number >= 0, was " + c.offloadCostMs());
            }
            e = new OffloadingEngine(engine, () -> scheduler, c.offloadDeadlineMs(), c.offloadPriority(),
                    c.offloadCostMs(), MAX_RESULT_BYTES, s.where());
        }
        InferenceStage stage = new InferenceStage(s, e, this::post, System::nanoTime,
                closed -> live.remove(key, closed));
        // a node rebuilt before its old stage is closed replaces it; the old one's close() then removes nothing
        live.put(key, stage);
        return stage;
    }

    /** Posts a drift event asynchronously through the current EventAdmin, if any. Never throws. */
    private void post(String topic, Map<String, Object> properties) {
        EventAdmin ea = eventAdmin;
        if (ea == null) {
            if (warnedNoEventAdmin.compareAndSet(false, true)) {
                LOG.warn("No EventAdmin: drift events ({}) are logged but not posted", topic);
            }
            return;
        }
        try {
            ea.postEvent(new Event(topic, properties));
        } catch (RuntimeException e) {
            // EventAdmin going away while we post: the event is lost, the record is not
            LOG.warn("Drift event {} not posted: {}", topic, e.toString());
        }
    }

    @Override
    public List<DriftStatus> statuses() {
        List<DriftStatus> result = new ArrayList<>();
        for (InferenceStage stage : live.values()) {
            result.add(stage.status());
        }
        result.sort(Comparator.comparing(DriftStatus::pipelineName).thenComparing(DriftStatus::stageId));
        return result;
    }

    @Override
    public @Nullable DriftStatus status(String pipelineName, String stageId) {
        InferenceStage stage = live.get(new NodeKey(pipelineName, stageId));
        return stage == null ? null : stage.status();
    }

    @Deactivate
    void deactivate() {
        live.clear();
    }
}
