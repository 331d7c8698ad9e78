// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.junit5.context.BundleContextExtension;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.inference.InferenceEngine;
import io.weir.inference.ModelDescriptor;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;
import io.weir.pipeline.inference.DriftEvents;
import io.weir.pipeline.inference.DriftMonitor;
import io.weir.pipeline.inference.DriftStatus;
import io.weir.pipeline.inference.fake.FakeEngine;

/**
 * The stage bundle inside Felix with SCR and EventAdmin: the {@code inference} stage type exists exactly while an
 * {@link InferenceEngine} service does, and drift events reach EventAdmin subscribers.
 */
@ExtendWith(BundleContextExtension.class)
class InferenceStageIT {

    private static final long TIMEOUT_MS = 10_000;
    private static final String FILTER = "(" + StageType.PROPERTY + "=inference)";

    @InjectBundleContext
    BundleContext context;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @AfterEach
    void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    /** One feature a with the reference "half below 0, half above"; the score is a constant 0.1. */
    private static FakeEngine engine() {
        ModelDescriptor d = FakeEngine.descriptor("vib", "1.0.0", List.of("input:FLOAT:-1x1"),
                List.of("score:FLOAT:-1x1"), "input.features", "a", "reference.a.edges", "0", "reference.a.fractions",
                "0.5,0.5");
        return new FakeEngine().activate(d, FakeEngine.rowFunction("score", x -> new double[] {0.1}));
    }

    private ServiceRegistration<InferenceEngine> register(InferenceEngine engine) {
        ServiceRegistration<InferenceEngine> r = context.registerService(InferenceEngine.class, engine, null);
        registrations.add(r);
        return r;
    }

    private List<ServiceReference<StageFactory>> factories() throws Exception {
        return new ArrayList<>(context.getServiceReferences(StageFactory.class, FILTER));
    }

    private <T> T await(Class<T> type, String filter) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            var refs = context.getServiceReferences(type, filter);
            if (!refs.isEmpty()) {
                return context.getService(refs.iterator().next());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " " + filter + " within " + TIMEOUT_MS + " ms");
    }

    private void awaitNoFactory() throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!factories().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(factories()).isEmpty();
    }

    private static Record rec(long ts, double a) {
        return Record.builder("asset").timestamp(ts).put("a", a).build();
    }

    @Test
    void theStageTypeIsRegisteredOnlyWhileAnEngineIsPresent() throws Exception {
        awaitNoFactory();
        assertThat(context.getServiceReference(DriftMonitor.class)).isNull();

        ServiceRegistration<InferenceEngine> engine = register(engine());
        StageFactory factory = await(StageFactory.class, FILTER);
        List<ServiceReference<StageFactory>> refs = factories();
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).getProperty(StageType.PROPERTY)).isEqualTo("inference");
        assertThat(refs.get(0).getBundle().getSymbolicName()).isEqualTo("io.weir.pipeline.inference");
        assertThat(context.getServiceReference(DriftMonitor.class)).isNotNull();

        Stage stage = factory.create(new MapContext("it", "score", Map.of("model", "vib", "normalize", "false")));
        List<Record> out = new ArrayList<>();
        stage.process(rec(1, 0.5), out::add);
        stage.close();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value("model_version")).isEqualTo(TypedValue.ofString("vib@1.0.0"));
        assertThat(out.get(0).value("anomaly_score").doubleValue()).isCloseTo(0.1, within(1e-6));

        engine.unregister();
        registrations.remove(engine);
        awaitNoFactory();
        assertThat(context.getServiceReference(DriftMonitor.class)).isNull();

        register(engine());
        assertThat(await(StageFactory.class, FILTER)).isNotNull();
    }

    @Test
    void driftEventsReachAnEventHandler() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, DriftEvents.TOPIC_ALL);
        registrations.add(context.registerService(EventHandler.class, events::add, props));
        register(engine());
        StageFactory factory = await(StageFactory.class, FILTER);
        DriftMonitor monitor = await(DriftMonitor.class, null);

        Stage stage = factory.create(new MapContext("it", "drift", Map.of("model", "vib", "normalize", false,
                "driftWindow", "10", "driftSustainMs", 1000)));
        List<Record> out = new ArrayList<>();
        try {
            // every value above the reference's median: PSI far above 0.25 from the 10th record (t = 900) on
            for (int i = 0; i <= 19; i++) {
                stage.process(rec(i * 100L, 5.0), out::add);
            }
            Event drift = events.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(drift).as("DRIFT event").isNotNull();
            assertThat(drift.getTopic()).isEqualTo(DriftEvents.TOPIC_DRIFT);
            assertThat(drift.getProperty(DriftEvents.MODEL_NAME)).isEqualTo("vib");
            assertThat(drift.getProperty(DriftEvents.MODEL_VERSION)).isEqualTo("1.0.0");
            assertThat(drift.getProperty(DriftEvents.PIPELINE)).isEqualTo("it");
            assertThat(drift.getProperty(DriftEvents.STAGE)).isEqualTo("drift");
            assertThat(drift.getProperty(DriftEvents.STATISTIC)).isEqualTo("psi");
            assertThat(drift.getProperty(DriftEvents.THRESHOLD)).isEqualTo(0.25);
            assertThat(drift.getProperty(DriftEvents.WINDOW)).isEqualTo(10);
            assertThat(drift.getProperty(DriftEvents.SINCE)).isEqualTo(900L);
            assertThat(drift.getProperty(DriftEvents.TIMESTAMP)).isEqualTo(1900L);
            assertThat((String[]) drift.getProperty(DriftEvents.FEATURES)).containsExactly("a");
            assertThat((double[]) drift.getProperty(DriftEvents.VALUES)).hasSize(1);
            assertThat((String) drift.getProperty(DriftEvents.STATISTICS)).startsWith("a=");

            DriftStatus status = monitor.status("it", "drift");
            assertThat(status).isNotNull();
            assertThat(status.since()).isEqualTo(900);
            assertThat(status.drifting()).containsExactly("a");

            // back to the reference: half below, half above the median
            for (int i = 20; i < 40; i++) {
                stage.process(rec(i * 100L, i % 2 == 0 ? -5.0 : 5.0), out::add);
            }
            Event cleared = events.poll(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(cleared).as("DRIFT_CLEARED event").isNotNull();
            assertThat(cleared.getTopic()).isEqualTo(DriftEvents.TOPIC_DRIFT_CLEARED);
            assertThat(cleared.getProperty(DriftEvents.REASON)).isEqualTo(DriftEvents.REASON_RECOVERED);
            assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            stage.close();
        }
        assertThat(out).hasSize(40);
        assertThat(monitor.status("it", "drift")).isNull();
    }

    @Test
    void onlyTheDriftPackageIsExported() {
        Bundle bundle = null;
        for (Bundle b : context.getBundles()) {
            if ("io.weir.pipeline.inference".equals(b.getSymbolicName())) {
                bundle = b;
            }
        }
        assertThat(bundle).isNotNull();
        assertThat(bundle.getHeaders().get(Constants.EXPORT_PACKAGE))
                .startsWith("io.weir.pipeline.inference;version=\"1.0.0\"").doesNotContain(".internal");
    }
}
