// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.Record;
import io.weir.data.RecordListener;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineState;

/**
 * The whole edge data path with real bundles: the simulated driver, an asset sampling it as fast as it
 * can, a pipeline of the stage library's stages. While records stream, the stage bundle is updated (and
 * the framework refreshed) several times. The sink must receive exactly the records the asset emitted, in
 * order, each transformed once.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DataPathHotSwapIT {

    private static final long TIMEOUT = 30_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Configuration c : configurations) {
            try {
                c.delete();
            } catch (IllegalStateException e) {
                // already deleted by the test
            }
        }
        registrations.forEach(ServiceRegistration::unregister);
    }

    private Configuration factoryConfig(String pid, String name, Map<String, Object> props) throws Exception {
        Configuration c = cm.getFactoryConfiguration(pid, name, "?");
        c.update(new Hashtable<>(props));
        configurations.add(c);
        return c;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private Pipeline pipeline(String name) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT;
        while (System.currentTimeMillis() < deadline) {
            var refs = context.getServiceReferences(Pipeline.class, "(weir.pipeline.name=" + name + ")");
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pipeline " + name + " not registered");
    }

    @Test
    void updatingTheStageBundleUnderLoadLosesAndRepeatsNothing() throws Exception {
        List<Record> emitted = Collections.synchronizedList(new ArrayList<>());
        List<Record> received = Collections.synchronizedList(new ArrayList<>());
        Dictionary<String, Object> tap = new Hashtable<>(Map.of("weir.asset.source", "hs-machine"));
        registrations.add(context.registerService(RecordListener.class,
                (RecordListener) b -> emitted.addAll(b.records()), tap));
        Dictionary<String, Object> sink = new Hashtable<>(Map.of("weir.pipeline.output", "hs"));
        registrations.add(context.registerService(RecordListener.class,
                (RecordListener) b -> received.addAll(b.records()), sink));

        factoryConfig("io.weir.pipeline", "hs", Map.of("weir.pipeline.name", "hs",
                "weir.asset.source", new String[] {"hs-machine"},
                "stages", new String[] {
                    "{\"id\":\"double\",\"type\":\"scale\",\"config\":{\"channels\":[\"x\"],\"gain\":2.0}}",
                    "{\"id\":\"name\",\"type\":\"rename\",\"config\":{\"mappings\":[\"x=y\"]}}"}));
        Pipeline p = pipeline("hs");
        await(() -> p.status().state() == PipelineState.RUNNING, "pipeline running");

        factoryConfig("io.weir.driver.simulated", "hs", Map.of("weir.driver.name", "hs-sim", "seed", 7L));
        Configuration asset = factoryConfig("io.weir.asset", "hs", Map.of("weir.asset.name", "hs-machine",
                "driverName", "hs-sim", "samplingPeriodMs", 1L,
                "channels", new String[] {
                    "{\"name\":\"x\",\"type\":\"DOUBLE\",\"mode\":\"READ\",\"settings\":{\"signal\":\"sine\","
                            + "\"amplitude\":10.0,\"frequencyHz\":5.0,\"noise\":0.5,\"samplePeriodMs\":1}}",
                    "{\"name\":\"k\",\"type\":\"DOUBLE\",\"mode\":\"READ\",\"settings\":{\"signal\":\"constant\","
                            + "\"offset\":3.0}}"}));
        await(() -> received.size() > 200, "records flowing through the pipeline");

        Bundle stages = Arrays.stream(context.getBundles())
                .filter(b -> "io.weir.pipeline.stages".equals(b.getSymbolicName())).findFirst().orElseThrow();
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        for (int swap = 0; swap < 5; swap++) {
            int before = emitted.size();
            await(() -> emitted.size() > before + 100, "more records before swap " + swap);
            stages.update();
            CountDownLatch refreshed = new CountDownLatch(1);
            wiring.refreshBundles(List.of(stages), e -> {
                if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                    refreshed.countDown();
                }
            });
            assertThat(refreshed.await(30, TimeUnit.SECONDS)).as("refresh after update " + swap).isTrue();
            await(() -> p.status().state() == PipelineState.RUNNING, "pipeline running after swap " + swap);
        }
        int beforeStop = emitted.size();
        await(() -> emitted.size() > beforeStop + 100, "records after the last swap");

        configurations.removeIf(c -> c == asset);
        asset.delete();
        await(() -> {
            int n = emitted.size();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return n == emitted.size() && received.size() == n;
        }, "the sink to catch up with the asset (emitted " + emitted.size() + ", received " + received.size() + ")");

        List<Record> in = new ArrayList<>(emitted);
        List<Record> out = new ArrayList<>(received);
        assertThat(in.size()).isGreaterThan(600);
        assertThat(out).hasSameSizeAs(in);
        for (int i = 0; i < in.size(); i++) {
            Record a = in.get(i);
            Record b = out.get(i);
            assertThat(b.timestamp()).as("record %d timestamp", i).isEqualTo(a.timestamp());
            assertThat(b.value("y").doubleValue()).as("record %d value", i).isEqualTo(a.value("x").doubleValue() * 2);
            assertThat(b.value("k")).isEqualTo(a.value("k"));
            assertThat(b.value("x")).isNull();
        }
        assertThat(p.metrics().errors()).isZero();
        assertThat(p.metrics().dropped()).isZero();
        assertThat(p.metrics().in()).isEqualTo(in.size());
    }
}
