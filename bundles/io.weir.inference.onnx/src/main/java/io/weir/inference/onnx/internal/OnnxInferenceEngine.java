// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.Model;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetrics;
import io.weir.inference.ModelState;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InferenceEngine} on ONNX Runtime, and the extender of model bundles: every ACTIVE bundle whose
 * {@code osgi.extender} requirement is wired to this bundle and that declares {@code weir.model} capabilities of
 * format {@code onnx} is read, and the version to serve (the pinned one, else the highest) is loaded, checked against
 * its declared specs, warmed up and swapped in on the loader thread, while the previous version keeps serving.
 */
@Component(service = { InferenceEngine.class, HealthContributor.class }, configurationPid = OnnxInferenceEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = EngineConfig.class)
public final class OnnxInferenceEngine implements InferenceEngine, HealthContributor, ModelRegistry.Listener {

    /** Configuration PID. */
    public static final String PID = "io.weir.inference.onnx";
    /** Topic prefix of the engine's events. */
    public static final String TOPIC_PREFIX = "io/weir/inference/model/";

    private static final Logger LOG = LoggerFactory.getLogger(OnnxInferenceEngine.class);

    private final ScheduledThreadPoolExecutor loader;
    private final ModelRegistry registry;
    private final BundleTracker<Bundle> tracker;
    private final Bundle self;
    private volatile long maxModelBytes;
    /** set on deactivation: the tracker's closing removals are not registry changes, everything closes at once */
    private volatile boolean closing;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile @Nullable EventAdmin events;

    @Activate
    public OnnxInferenceEngine(BundleContext context, EngineConfig config) {
        SessionSettings settings = SessionSettings.of(config);
        Map<String, Version> pins = pins(config.pinnedVersions());
        checkGrace(config.updateGraceMs());
        maxModelBytes = settings.maxModelBytes();
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "weir");
        loader = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weir-inference-loader");
            t.setDaemon(true);
            return t;
        });
        loader.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        loader.setRemoveOnCancelPolicy(true);
        registry = new ModelRegistry(env, loader, this, settings, pins, config.updateGraceMs());
        self = context.getBundle();
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public @Nullable Bundle addingBundle(Bundle bundle, @Nullable BundleEvent event) {
                ModelBundleReader.Found found = ModelBundleReader.read(bundle, self, maxModelBytes);
                if (found == null) {
                    return null;
                }
                loader.execute(() -> guarded(() -> registry.add(found)));
                return bundle;
            }

            @Override
            public void modifiedBundle(Bundle bundle, @Nullable BundleEvent event, Bundle object) {
                // ACTIVE only: nothing changes for us
            }

            @Override
            public void removedBundle(Bundle bundle, @Nullable BundleEvent event, Bundle object) {
                if (closing) {
                    return;
                }
                long id = bundle.getBundleId();
                loader.execute(() -> guarded(() -> registry.remove(id)));
            }
        });
        tracker.open();
        LOG.info("ONNX inference engine started (ONNX Runtime {}, {} intra-op thread(s), optimisation {}, arena {})",
                env.getVersion(), settings.intraOpThreads(), settings.optLevel(), settings.arena());
    }

    @Modified
    void modified(EngineConfig config) {
        SessionSettings settings = SessionSettings.of(config);
        Map<String, Version> pins = pins(config.pinnedVersions());
        checkGrace(config.updateGraceMs());
        maxModelBytes = settings.maxModelBytes();
        loader.execute(() -> guarded(() -> {
            registry.settings(settings, config.updateGraceMs());
            registry.pins(pins);
        }));
    }

    @Deactivate
    void deactivate() {
        closing = true;
        tracker.close();
        loader.execute(registry::close);
        loader.shutdown();
        try {
            if (!loader.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the model loader did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("model registry update failed", e);
        }
    }

    static Map<String, Version> pins(String[] entries) {
        Map<String, Version> pins = new HashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("configuration " + PID + ": 'pinnedVersions' entry '" + entry
                        + "' is not name=version");
            }
            String name = entry.substring(0, eq).trim();
            try {
                pins.put(name, Version.parseVersion(entry.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration " + PID + ": 'pinnedVersions' entry '" + entry
                        + "': " + e.getMessage(), e);
            }
        }
        return pins;
    }

    private static void checkGrace(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException("configuration " + PID + ": 'updateGraceMs' must be at least 0, was "
                    + ms);
        }
    }

    /** @return whether the bundle carries a model this engine loads (for {@link ModelPackageCheck}) */
    boolean tracks(Bundle bundle) {
        return ModelBundleReader.isModelBundle(bundle, self);
    }

    ModelRegistry.Outcome outcome(long bundleId) {
        return registry.outcome(bundleId);
    }

    @Nullable
    String refusal(long bundleId) {
        return registry.refusal(bundleId);
    }

    @Override
    public List<ModelDescriptor> models() {
        return registry.models();
    }

    @Override
    public @Nullable Model model(String name) {
        return registry.serving(name);
    }

    @Override
    public InferenceResult run(String modelName, Map<String, Tensor> inputs) throws InferenceException {
        return registry.run(modelName, inputs);
    }

    @Override
    public List<ModelStatus> status() {
        return registry.status();
    }

    @Override
    public String name() {
        return "inference";
    }

    @Override
    public HealthReport health() {
        Map<String, String> details = new LinkedHashMap<>();
        HealthState state = HealthState.UP;
        String message = "";
        for (ModelStatus s : registry.status()) {
            StringBuilder b = new StringBuilder(s.state().name());
            if (s.active() != null) {
                b.append(' ').append(s.active());
            }
            if (!s.metrics().isEmpty()) {
                ModelMetrics m = s.metrics().get(0);
                b.append(", ").append(m.calls()).append(" calls, ").append(m.errors()).append(" errors, p99 ")
                        .append(Math.round(m.p99Micros())).append(" µs");
            }
            if (!s.message().isEmpty()) {
                b.append("; ").append(s.message());
            }
            details.put("model." + s.name(), b.toString());
            boolean troubled = s.state() != ModelState.ACTIVE || !s.message().isEmpty();
            if (troubled && state == HealthState.UP) {
                state = HealthState.DEGRADED;
                message = "model " + s.name() + ": " + (s.message().isEmpty() ? s.state().name() : s.message());
            }
        }
        return new HealthReport(state, message, details);
    }

    // ---- registry events (loader thread) ----

    @Override
    public void activated(ModelDescriptor model, @Nullable Version previous, String bundle) {
        Map<String, Object> p = props(model.name(), model.version().toString());
        if (previous != null) {
            p.put("previous.version", previous.toString());
        }
        p.put("bundle", bundle);
        post("ACTIVATED", p);
    }

    @Override
    public void refused(String name, String version, String reason) {
        Map<String, Object> p = props(name, version);
        p.put("reason", reason);
        post("REFUSED", p);
    }

    @Override
    public void unloaded(String name, Version version, String reason) {
        Map<String, Object> p = props(name, version.toString());
        p.put("reason", reason);
        post("UNLOADED", p);
    }

    private static Map<String, Object> props(String name, String version) {
        Map<String, Object> p = new HashMap<>();
        p.put("model.name", name);
        p.put("model.version", version);
        p.put("timestamp", System.currentTimeMillis());
        return p;
    }

    private void post(String what, Map<String, Object> props) {
        EventAdmin ea = events;
        if (ea != null) {
            ea.postEvent(new Event(TOPIC_PREFIX + what, props));
        }
    }
}
