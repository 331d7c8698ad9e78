// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.itest;

import static io.weir.inference.itest.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.health.HealthState;
import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.inference.ModelState;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;

/**
 * The engine bundle as the extender of real model bundles: the shipped model, versions of it, a corrupt one and
 * one whose capability does not match its file; pinning by configuration; the engine bundle stopped, started and
 * updated while ONNX Runtime's native library stays loaded once.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class EngineIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    private final List<Bundle> installed = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void shortGrace() throws Exception {
        configure(Map.of());
    }

    /** Configures the engine with a short update grace (300 ms) plus the given properties. */
    private void configure(Map<String, Object> props) throws Exception {
        Hashtable<String, Object> p = new Hashtable<>(props);
        p.put("updateGraceMs", 300L);
        cm.getConfiguration("io.weir.inference.onnx", "?").update(p);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Bundle b : installed) {
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        registrations.forEach(ServiceRegistration::unregister);
        // the engine unloads a model only after its update grace; wait for a clean slate
        await(() -> engine() != null && engine().status().stream().allMatch(s -> s.state() == ModelState.UNAVAILABLE),
                () -> "every model unloaded: " + engine().status());
        cm.getConfiguration("io.weir.inference.onnx", "?").delete();
    }

    private InferenceEngine engine() {
        ServiceReference<InferenceEngine> ref = context.getServiceReference(InferenceEngine.class);
        return ref == null ? null : context.getService(ref);
    }

    private HealthReport health() {
        try {
            for (ServiceReference<HealthContributor> r : context.getServiceReferences(HealthContributor.class, null)) {
                HealthContributor h = context.getService(r);
                if ("inference".equals(h.name())) {
                    return h.health();
                }
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no inference health contributor");
    }

    private Bundle install(String location, byte[] jar) throws Exception {
        Bundle b = context.installBundle(location, ModelJars.stream(jar));
        installed.add(b);
        b.start();
        return b;
    }

    private ModelStatus status() {
        return engine().status().stream().filter(s -> s.name().equals(ModelJars.NAME)).findFirst().orElse(null);
    }

    private void awaitServing(String version) throws InterruptedException {
        await(() -> {
            ModelStatus s = status();
            return s != null && s.state() == ModelState.ACTIVE && Version.parseVersion(version).equals(s.active());
        }, () -> ModelJars.NAME + " " + version + " serving; status " + status());
    }

    private void listen() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, "io/weir/inference/model/*");
        registrations.add(context.registerService(EventHandler.class, (EventHandler) events::add, p));
    }

    /** A raw window's features, normalised with the model's own metadata, as one row. */
    private static Tensor row(ModelDescriptor d, double... raw) {
        String[] mean = d.metadata().get(ModelMetadata.INPUT_MEAN).split(",");
        String[] scale = d.metadata().get(ModelMetadata.INPUT_SCALE).split(",");
        float[] x = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            x[i] = (float) ((raw[i] - Double.parseDouble(mean[i].trim())) / Double.parseDouble(scale[i].trim()));
        }
        return Tensor.ofFloats(new long[] { 1, raw.length }, x);
    }

    private static double score(InferenceResult r) {
        ModelDescriptor d = r.model();
        Tensor out = r.outputs().get(d.metadata().get(ModelMetadata.OUTPUT_SCORE));
        return out.toFloatArray()[Integer.parseInt(d.metadata().get(ModelMetadata.OUTPUT_SCORE_INDEX))];
    }

    @Test
    void theShippedModelServesAndScoresASpikeAboveANormalWindow() throws Exception {
        listen();
        install("model:shipped", java.nio.file.Files.readAllBytes(ModelJars.shipped()));
        awaitServing("1.0.0");
        ModelDescriptor d = engine().model(ModelJars.NAME).descriptor();
        assertThat(d.metadata()).containsKeys(ModelMetadata.INPUT_FEATURES, ModelMetadata.TRAINING_FINGERPRINT,
                ModelMetadata.EVAL_PRECISION, ModelMetadata.EVAL_RECALL);
        assertThat(d.metadata().get(ModelMetadata.INPUT_FEATURES)).isEqualTo(
                "vibration_mean,vibration_min,vibration_max,vibration_std,vibration_rms,vibration_p2p");
        String input = d.metadata().get(ModelMetadata.INPUT_NAME);
        // mean, min, max, std, rms, p2p of 10 samples of the 2.0-amplitude vibration, without and with an 8.0 spike
        InferenceResult normal = engine().run(ModelJars.NAME, Map.of(input, row(d, 0.1, -2.4, 2.6, 1.6, 1.6, 5.0)));
        InferenceResult spike = engine().run(ModelJars.NAME, Map.of(input, row(d, 0.9, -2.4, 10.6, 3.6, 3.7, 13.0)));
        assertThat(normal.model().version()).isEqualTo(new Version(1, 0, 0));
        assertThat(score(normal)).isLessThan(0.5);
        assertThat(score(spike)).isGreaterThan(0.5);
        // a batch of both gives the same scores row by row
        float[] a = row(d, 0.1, -2.4, 2.6, 1.6, 1.6, 5.0).toFloatArray();
        float[] b = row(d, 0.9, -2.4, 10.6, 3.6, 3.7, 13.0).toFloatArray();
        float[] both = Arrays.copyOf(a, 12);
        System.arraycopy(b, 0, both, 6, 6);
        InferenceResult batch = engine().run(ModelJars.NAME, Map.of(input, Tensor.ofFloats(new long[] { 2, 6 }, both)));
        int cols = (int) batch.outputs().get(d.metadata().get(ModelMetadata.OUTPUT_SCORE)).shape()[1];
        int idx = Integer.parseInt(d.metadata().get(ModelMetadata.OUTPUT_SCORE_INDEX));
        float[] scores = batch.outputs().get(d.metadata().get(ModelMetadata.OUTPUT_SCORE)).toFloatArray();
        assertThat((double) scores[idx]).isCloseTo(score(normal), org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) scores[cols + idx]).isCloseTo(score(spike), org.assertj.core.api.Assertions.within(1e-6));
        // a wrong shape is a clear error, not a crash, and the model keeps serving
        assertThatThrownBy(() -> engine().run(ModelJars.NAME, Map.of(input,
                Tensor.ofFloats(new long[] { 1, 5 }, new float[5])))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("has shape [1, 5], the model takes " + input + ":FLOAT:-1x6");
        assertThat(engine().run(ModelJars.NAME, Map.of(input, row(d, 0, 0, 0, 0, 0, 0))).outputs()).isNotEmpty();
        ModelStatus s = status();
        assertThat(s.metrics().get(0).calls()).isEqualTo(5);
        assertThat(s.metrics().get(0).errors()).isEqualTo(1);
        assertThat(health().state()).isEqualTo(HealthState.UP);
        assertThat(health().details()).containsKey("model." + ModelJars.NAME);
        await(() -> events.stream().anyMatch(e -> e.getTopic().endsWith("/ACTIVATED")), () -> "ACTIVATED " + events);
    }

    @Test
    void corruptAndMismatchedModelBundlesAreRefusedWhileThePreviousVersionKeepsServing() throws Exception {
        listen();
        install("model:v1", ModelJars.version("1.0.0"));
        awaitServing("1.0.0");
        Bundle corrupt = install("model:corrupt", ModelJars.corrupt("9.0.0"));
        await(() -> status().message().contains("refused"), () -> "refusal of 9.0.0: " + status());
        assertThat(status().message()).contains("9.0.0").contains("ONNX Runtime cannot load the file");
        assertThat(status().active()).isEqualTo(new Version(1, 0, 0));
        assertThat(status().installed()).extracting(Version::toString).contains("1.0.0", "9.0.0");
        assertThat(health().state()).isEqualTo(HealthState.DEGRADED);
        assertThat(health().message()).contains("9.0.0");
        ModelDescriptor d = engine().model(ModelJars.NAME).descriptor();
        String input = d.metadata().get(ModelMetadata.INPUT_NAME);
        assertThat(engine().run(ModelJars.NAME, Map.of(input, row(d, 0, 0, 0, 0, 0, 0))).model().version())
                .isEqualTo(new Version(1, 0, 0));

        Bundle mismatched = install("model:mismatched", ModelJars.declaringInputs("8.0.0", input + ":FLOAT:-1x7"));
        await(() -> status().message().contains("8.0.0"), () -> "refusal of 8.0.0: " + status());
        assertThat(status().message()).contains("does not match its declared specs")
                .contains("declared " + input + ":FLOAT:-1x7 but the file has FLOAT:[-1, 6]");
        assertThat(status().active()).isEqualTo(new Version(1, 0, 0));
        await(() -> events.stream().filter(e -> e.getTopic().endsWith("/REFUSED")).count() == 2,
                () -> "two REFUSED events: " + events);
        Event refused = events.stream().filter(e -> e.getTopic().endsWith("/REFUSED")).findFirst().orElseThrow();
        assertThat(refused.getProperty("model.name")).isEqualTo(ModelJars.NAME);
        assertThat(refused.getProperty("model.version")).isEqualTo("9.0.0");

        corrupt.uninstall();
        mismatched.uninstall();
        install("model:v2", ModelJars.version("2.0.0"));
        awaitServing("2.0.0");
        await(() -> status().message().isEmpty(), () -> "the refusals cleared: " + status());
        assertThat(health().state()).isEqualTo(HealthState.UP);
    }

    @Test
    void aVersionPinnedByConfigurationServesInsteadOfTheHighest() throws Exception {
        install("model:v1", ModelJars.version("1.0.0"));
        install("model:v2", ModelJars.asBundle("2.0.0", ModelJars.BSN + ".next"));
        awaitServing("2.0.0");
        configure(Map.of("pinnedVersions", new String[] { ModelJars.NAME + "=1.0.0" }));
        awaitServing("1.0.0");
        assertThat(status().pinned()).isEqualTo(new Version(1, 0, 0));
        configure(Map.of("pinnedVersions", new String[] { ModelJars.NAME + "=7.0.0" }));
        awaitServing("2.0.0");
        await(() -> status().message().contains("pinned version 7.0.0 is not installed"), () -> "pin note " + status());
        configure(Map.of());
        await(() -> status().pinned() == null && status().message().isEmpty(), () -> "pin removed " + status());
        awaitServing("2.0.0");
    }

    @Test
    void theEngineBundleStopsStartsAndUpdatesWhileOnnxRuntimeStaysLoadedOnce() throws Exception {
        install("model:v1", ModelJars.version("1.0.0"));
        awaitServing("1.0.0");
        Bundle engineBundle = bundle("io.weir.inference.onnx");
        Bundle runtime = bundle("io.weir.lib.onnxruntime");
        long runtimeModified = runtime.getLastModified();
        for (int i = 0; i < 3; i++) {
            engineBundle.stop();
            assertThat(context.getServiceReference(InferenceEngine.class)).isNull();
            engineBundle.start();
            await(() -> engine() != null, () -> "the engine service back");
            awaitServing("1.0.0"); // the extender found the model bundle again
        }
        engineBundle.update();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(engineBundle), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertThat(refreshed.await(60, TimeUnit.SECONDS)).isTrue();
        await(() -> engine() != null, () -> "the engine service after an update");
        awaitServing("1.0.0");
        ModelDescriptor d = engine().model(ModelJars.NAME).descriptor();
        String input = d.metadata().get(ModelMetadata.INPUT_NAME);
        assertThat(engine().run(ModelJars.NAME, Map.of(input, row(d, 0, 0, 0, 0, 0, 0))).outputs()).isNotEmpty();
        // the library bundle that loaded the native code was never touched
        assertThat(runtime.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(runtime.getLastModified()).isEqualTo(runtimeModified);
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> Objects.equals(bsn, b.getSymbolicName())).findFirst()
                .orElseThrow();
    }

    static byte[] read(java.nio.file.Path p) throws IOException {
        return java.nio.file.Files.readAllBytes(p);
    }
}
