// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.itest;

import static io.weir.inference.itest.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.Record;
import io.weir.data.RecordListener;
import io.weir.inference.InferenceEngine;
import io.weir.pipeline.inference.DriftEvents;

/**
 * Drift detection on the real data path: two assets on one fast-forwarded simulated driver, identical except that
 * one drifts (its vibration amplitude doubles from 200 s of driver time on), each feeding a pipeline of the window
 * and inference stages with the shipped model. Over the same stretch of driver time, the drifting pipeline must
 * post a DRIFT event naming the model and the drifting features, and the stationary one must post none.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class DriftIT {

    /** Driver time both pipelines must cover, ms (1000 windows of 1 s). */
    private static final long COVERED_MS = 1_000_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    InferenceEngine engine;

    private final List<Configuration> configurations = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private Bundle model;

    @AfterEach
    void cleanUp() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
        registrations.forEach(ServiceRegistration::unregister);
        if (model != null) {
            model.uninstall();
        }
    }

    private void factoryConfig(String pid, String name, Map<String, Object> props) throws Exception {
        Configuration c = cm.getFactoryConfiguration(pid, name, "?");
        c.update(new Hashtable<>(props));
        configurations.add(c);
    }

    private void pipeline(String name, AtomicLong first, AtomicLong last) throws Exception {
        // the gateway default's drift settings (weir-defaults.json), with a shorter sustain time
        String drift = ",\"driftWindow\":500,\"driftThreshold\":0.5,\"driftSustainMs\":30000";
        factoryConfig("io.weir.pipeline", name, Map.of("weir.pipeline.name", name,
                "weir.asset.source", new String[] { name + "-machine" },
                "stages", new String[] { Fixtures.WINDOW_STAGE, Fixtures.inferenceStage(drift) }));
        Dictionary<String, Object> sink = new Hashtable<>(Map.of("weir.pipeline.output", name));
        registrations.add(context.registerService(RecordListener.class, (RecordListener) b -> {
            for (Record r : b.records()) {
                first.compareAndSet(0, r.timestamp());
                last.set(r.timestamp());
            }
        }, sink));
    }

    private static String describe(List<Event> events) {
        StringBuilder b = new StringBuilder();
        for (Event e : events) {
            b.append(e.getTopic()).append(' ').append(e.getProperty(DriftEvents.STATISTICS)).append(" since ")
                    .append(e.getProperty(DriftEvents.SINCE)).append("; ");
        }
        return b.toString();
    }

    @Test
    void driftFiresOnTheDriftingSignalAndNotOnTheStationaryOne() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, new String[] { DriftEvents.TOPIC_DRIFT, DriftEvents.TOPIC_DRIFT_CLEARED });
        registrations.add(context.registerService(EventHandler.class, (EventHandler) events::add, p));

        model = context.installBundle("model:drift", ModelJars.stream(ModelJars.version("1.0.0")));
        model.start();
        await(() -> engine.model(ModelJars.NAME) != null, () -> "the model serving");

        AtomicLong steadyFirst = new AtomicLong();
        AtomicLong steadyLast = new AtomicLong();
        AtomicLong driftFirst = new AtomicLong();
        AtomicLong driftLast = new AtomicLong();
        pipeline("steady", steadyFirst, steadyLast);
        pipeline("drifting", driftFirst, driftLast);
        factoryConfig("io.weir.driver.simulated", "drift", Map.of("weir.driver.name", "drift-sim", "seed", 5L,
                "timeScale", 200.0));
        factoryConfig("io.weir.asset", "steady", Map.of("weir.asset.name", "steady-machine", "driverName",
                "drift-sim", "samplingPeriodMs", 0L, "channels", new String[] { Fixtures.vibrationChannel("") }));
        factoryConfig("io.weir.asset", "drifting", Map.of("weir.asset.name", "drifting-machine", "driverName",
                "drift-sim", "samplingPeriodMs", 0L, "channels", new String[] {
                    Fixtures.vibrationChannel(",\"driftStartMs\":200000,\"driftGain\":2.0") }));

        await(() -> steadyLast.get() - steadyFirst.get() >= COVERED_MS && driftLast.get() - driftFirst.get() >= COVERED_MS,
                () -> "both pipelines to cover " + COVERED_MS + " ms of driver time (steady "
                        + (steadyLast.get() - steadyFirst.get()) + ", drifting " + (driftLast.get() - driftFirst.get())
                        + "); events " + events);

        List<Event> steady = events.stream().filter(e -> "steady".equals(e.getProperty(DriftEvents.PIPELINE))).toList();
        List<Event> drifting = events.stream()
                .filter(e -> "drifting".equals(e.getProperty(DriftEvents.PIPELINE))
                        && e.getTopic().equals(DriftEvents.TOPIC_DRIFT))
                .toList();
        assertThat(steady).as("events of the stationary pipeline: %s", describe(steady)).isEmpty();
        assertThat(drifting).as("DRIFT events of the drifting pipeline").isNotEmpty();
        Event e = drifting.get(0);
        assertThat(e.getProperty(DriftEvents.MODEL_NAME)).isEqualTo(ModelJars.NAME);
        assertThat(Version.parseVersion((String) e.getProperty(DriftEvents.MODEL_VERSION))).isEqualTo(new Version(1, 0, 0));
        assertThat(e.getProperty(DriftEvents.STATISTIC)).isEqualTo(DriftEvents.STATISTIC_PSI);
        String[] features = (String[]) e.getProperty(DriftEvents.FEATURES);
        double[] values = (double[]) e.getProperty(DriftEvents.VALUES);
        assertThat(features).isNotEmpty().contains("vibration_std");
        assertThat(values).hasSameSizeAs(features);
        for (double v : values) {
            assertThat(v).isGreaterThan(0.5);
        }
        long since = ((Number) e.getProperty(DriftEvents.SINCE)).longValue();
        long at = ((Number) e.getProperty(DriftEvents.TIMESTAMP)).longValue();
        assertThat(at - since).as("sustained for the configured 30 s of record time").isGreaterThanOrEqualTo(30_000);
        assertThat(since - driftFirst.get()).as("drift begins 200 s into the run").isGreaterThan(150_000);
        System.out.println("drift: first DRIFT event after " + (at - driftFirst.get()) / 1000 + " s of driver time, "
                + "features " + String.join(",", features) + ", " + e.getProperty(DriftEvents.STATISTICS));
    }
}
