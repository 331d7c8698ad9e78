// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ai.onnxruntime.OrtEnvironment;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelState;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;
import io.weir.model.testmodels.BadModels;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class ModelRegistryTest {

    private static final Map<String, Tensor> X = Map.of("input", Tensor.ofFloats(new long[] { 1, 3 },
            new float[] { 1, 2, 3 }));

    private final ScheduledThreadPoolExecutor loader = new ScheduledThreadPoolExecutor(1);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ModelRegistry.Listener listener = new ModelRegistry.Listener() {
        @Override
        public void activated(ModelDescriptor model, @Nullable Version previous, String bundle) {
            events.add("activated " + model.version() + (previous == null ? "" : " after " + previous));
        }

        @Override
        public void refused(String name, String version, String reason) {
            events.add("refused " + version);
        }

        @Override
        public void unloaded(String name, Version version, String reason) {
            events.add("unloaded " + version);
        }
    };
    private ModelRegistry registry = registry(Map.of(), 60_000);

    private ModelRegistry registry(Map<String, Version> pins, long grace) {
        return new ModelRegistry(OrtEnvironment.getEnvironment(), loader, listener, Models.settings(), pins, grace);
    }

    @AfterEach
    void close() throws Exception {
        onLoader(() -> registry.close());
        loader.shutdownNow();
    }

    private void onLoader(Runnable r) throws Exception {
        loader.submit(r).get(30, TimeUnit.SECONDS);
    }

    private static Candidate candidate(String version, long bundleId) {
        return candidate(version, bundleId, Models.LOGREG);
    }

    private static Candidate candidate(String version, long bundleId, byte[] model) {
        return new Candidate(Models.logreg(version), model, bundleId, "bundle " + bundleId);
    }

    private void install(Candidate... cs) throws Exception {
        onLoader(() -> registry.add(new ModelBundleReader.Found(List.of(cs), Map.of())));
    }

    private void uninstall(long bundleId) throws Exception {
        onLoader(() -> registry.remove(bundleId));
    }

    private String serving() throws InferenceException {
        return registry.run("m", X).model().version().toString();
    }

    private ModelStatus status() {
        return registry.status().get(0);
    }

    @Test
    void theHighestVersionServesAndEachChangeSwapsIt() throws Exception {
        assertThatThrownBy(this::serving).hasMessage("model m is not loaded: no model bundle of that name is installed");
        install(candidate("1.0.0", 10));
        assertThat(serving()).isEqualTo("1.0.0");
        install(candidate("2.0.0", 11));
        assertThat(serving()).isEqualTo("2.0.0");
        install(candidate("1.5.0", 12)); // lower: installed, not served
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(status().installed()).extracting(Version::toString).containsExactly("1.0.0", "1.5.0", "2.0.0");
        uninstall(11);
        assertThat(serving()).isEqualTo("1.5.0");
        assertThat(events).containsExactly("activated 1.0.0", "activated 2.0.0 after 1.0.0",
                "activated 1.5.0 after 2.0.0");
        assertThat(status().state()).isEqualTo(ModelState.ACTIVE);
        assertThat(status().message()).isEmpty();
    }

    @Test
    void aCorruptOrMismatchedVersionIsRefusedAndThePreviousKeepsServing() throws Exception {
        install(candidate("1.0.0", 10));
        install(candidate("2.0.0", 11, BadModels.garbage()));
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(status().message()).contains("refused m 2.0.0 from bundle 11").contains("ONNX Runtime cannot load");
        Candidate mismatched = new Candidate(Models.descriptor("m", "3.0.0", List.of(new io.weir.inference.TensorSpec(
                "input", io.weir.inference.ElementType.FLOAT, new long[] { -1, 4 })), List.of(Models.OUT)),
                Models.LOGREG, 12, "bundle 12");
        install(mismatched);
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(status().message()).contains("refused m 3.0.0").contains("does not match its declared specs");
        assertThat(events).containsExactly("activated 1.0.0", "refused 2.0.0", "refused 3.0.0");
        // removing the refused bundles clears the report
        uninstall(11);
        assertThat(status().message()).contains("refused m 3.0.0");
        uninstall(12);
        assertThat(status().message()).isEmpty();
        install(candidate("2.0.0", 11, BadModels.garbage()), mismatched);
        // removing the refused bundles clears nothing that serves; a good 4.0.0 then takes over
        uninstall(11);
        uninstall(12);
        install(candidate("4.0.0", 13));
        assertThat(serving()).isEqualTo("4.0.0");
        assertThat(status().message()).isEmpty();
    }

    @Test
    void aLowerVersionThatWouldNotServeIsStillCheckedWhenItArrives() throws Exception {
        assertThat(registry.outcome(10)).isEqualTo(ModelRegistry.Outcome.NONE);
        install(candidate("2.0.0", 10));
        assertThat(registry.outcome(10)).isEqualTo(ModelRegistry.Outcome.LOADED);
        install(candidate("1.0.0", 11, BadModels.garbage()));
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(registry.outcome(11)).isEqualTo(ModelRegistry.Outcome.REFUSED);
        assertThat(registry.refusal(11)).startsWith("model m 1.0.0 from bundle 11 refused: ")
                .contains("ONNX Runtime cannot load");
        assertThat(registry.refusal(10)).isNull();
        install(candidate("1.5.0", 12));
        assertThat(registry.outcome(12)).isEqualTo(ModelRegistry.Outcome.LOADED); // test-loaded, not serving
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(events).containsExactly("activated 2.0.0", "refused 1.0.0");
        uninstall(11);
        assertThat(registry.outcome(11)).isEqualTo(ModelRegistry.Outcome.NONE);
        assertThat(status().message()).isEmpty();
    }

    @Test
    void aPinnedVersionServesEvenWhenHigherOnesAreInstalled() throws Exception {
        registry = registry(Map.of("m", Version.parseVersion("1.0.0")), 60_000);
        install(candidate("2.0.0", 11));
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(status().message()).contains("pinned version 1.0.0 is not installed; serving 2.0.0");
        install(candidate("1.0.0", 10));
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(status().pinned()).isEqualTo(Version.parseVersion("1.0.0"));
        onLoader(() -> registry.pins(Map.of()));
        assertThat(serving()).isEqualTo("2.0.0");
    }

    @Test
    void anUpdatedBundleKeepsServingThroughTheUpdateAndAnUninstalledOneIsUnloadedAfterTheGrace() throws Exception {
        registry = registry(Map.of(), 300);
        install(candidate("1.0.0", 10));
        uninstall(10); // bundle.update: stopped ...
        assertThat(status().state()).isEqualTo(ModelState.RETAINED);
        assertThat(serving()).isEqualTo("1.0.0");
        install(candidate("2.0.0", 10)); // ... and started with the new content
        assertThat(serving()).isEqualTo("2.0.0");
        assertThat(status().state()).isEqualTo(ModelState.ACTIVE);
        uninstall(10); // uninstalled for good
        assertThat(serving()).isEqualTo("2.0.0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status().state() != ModelState.UNAVAILABLE && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(status().state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThatThrownBy(this::serving).hasMessageContaining("model m is not loaded: unloaded");
        assertThat(events).containsExactly("activated 1.0.0", "activated 2.0.0 after 1.0.0", "unloaded 2.0.0");
    }

    @Test
    void anUpdateToACorruptVersionRetainsTheOldOne() throws Exception {
        registry = registry(Map.of(), 100);
        install(candidate("1.0.0", 10));
        uninstall(10);
        install(candidate("2.0.0", 10, BadModels.garbage()));
        Thread.sleep(300); // past the grace: the refusal keeps 1.0.0
        assertThat(serving()).isEqualTo("1.0.0");
        assertThat(status().state()).isEqualTo(ModelState.RETAINED);
        assertThat(status().message()).contains("replacement was refused");
    }

    @Test
    void callsInFlightNeverFailAcrossManySwaps() throws Exception {
        install(candidate("1.0.0", 1));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        InferenceResult r = registry.run("m", X);
                        seen.add(r.model().version().toString());
                        calls.incrementAndGet();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            });
            th.start();
            callers.add(th);
        }
        for (int i = 2; i <= 51; i++) {
            install(candidate(i + ".0.0", i));
            uninstall(i - 1);
        }
        stop.set(true);
        for (Thread th : callers) {
            th.join();
        }
        assertThat(errors).isEmpty();
        assertThat(calls.get()).isPositive();
        assertThat(serving()).isEqualTo("51.0.0");
        assertThat(seen).hasSizeGreaterThan(1).allMatch(v -> v.matches("\\d+\\.0\\.0"));
        // the metrics of the last five versions are kept, newest first
        assertThat(status().metrics()).hasSize(5);
        assertThat(status().metrics().get(0).version()).isEqualTo(Version.parseVersion("51.0.0"));
    }
}
