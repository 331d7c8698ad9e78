// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.cm.ConfigurationExtension;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.data.RecordListener;
import io.weir.health.HealthContributor;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineState;
import io.weir.pipeline.StageFactory;

/** The pipeline engine inside Felix: configuration, stage factories coming and going, outputs, errors. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
@ExtendWith(ConfigurationExtension.class)
class PipelineIT {

    private static final long TIMEOUT = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = TIMEOUT)
    ConfigurationAdmin cm;

    @InjectService(timeout = TIMEOUT)
    ServiceComponentRuntime scr;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<Configuration> configurations = new ArrayList<>();
    private final List<Record> output = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void cleanUp() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone
            }
        }
    }

    private ServiceRegistration<StageFactory> registerStage(String type, StageFactory factory) {
        Dictionary<String, Object> props = new Hashtable<>(Map.of("weir.stage.type", type));
        ServiceRegistration<StageFactory> r = context.registerService(StageFactory.class, factory, props);
        registrations.add(r);
        return r;
    }

    private void registerOutput(String pipeline) {
        Dictionary<String, Object> props = new Hashtable<>(Map.of("weir.pipeline.output", pipeline));
        registrations.add(context.registerService(RecordListener.class,
                (RecordListener) b -> output.addAll(b.records()), props));
    }

    private Configuration configure(String name, String... stages) throws Exception {
        Configuration c = cm.getFactoryConfiguration("io.weir.pipeline", name, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("weir.pipeline.name", name);
        props.put("weir.asset.source", new String[] {"asset-" + name});
        props.put("stages", stages);
        props.put("latencySampleEvery", 1);
        c.update(props);
        configurations.add(c);
        return c;
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

    private List<String> pipelineNames() {
        List<String> names = new ArrayList<>();
        try {
            for (var ref : context.getServiceReferences(Pipeline.class, null)) {
                names.add(String.valueOf(ref.getProperty("weir.pipeline.name")));
            }
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private RecordListener input(String name) throws Exception {
        var refs = context.getServiceReferences(RecordListener.class, "(weir.asset.source=asset-" + name + ")");
        assertThat(refs).hasSize(1);
        return context.getService(refs.iterator().next());
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

    private static RecordBatch batch(int from, int n) {
        List<Record> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            list.add(Record.builder("asset").timestamp(i).put("v", (double) i).build());
        }
        return new RecordBatch(list);
    }

    @Test
    void aConfiguredPipelineRunsRecordsFromItsSourcesToItsOutputs() throws Exception {
        registerStage("double", ctx -> (r, out) -> out.emit(r.toBuilder().put("v", r.value("v").asDouble() * 2).build()));
        registerOutput("one");
        configure("one", "{\"type\":\"double\"}", "{\"id\":\"again\",\"type\":\"double\"}");
        Pipeline p = pipeline("one");
        assertThat(p.status().state()).isEqualTo(PipelineState.RUNNING);
        input("one").onRecords(batch(0, 100));
        await(() -> output.size() == 100, "100 output records");
        assertThat(output.get(7).value("v").doubleValue()).isEqualTo(28.0);
        await(() -> p.metrics().in() == 100, "metrics");
        assertThat(p.metrics().stage("again").out()).isEqualTo(100);
        assertThat(p.metrics().latency().count()).isEqualTo(100);
    }

    @Test
    void stageFactoriesComeAndGoWhileRecordsWait() throws Exception {
        registerOutput("swap");
        configure("swap", "{\"type\":\"pass\"}");
        Pipeline p = pipeline("swap");
        assertThat(p.status().state()).isEqualTo(PipelineState.WAITING);
        assertThat(p.status().message()).contains("pass");
        input("swap").onRecords(batch(0, 50));
        Thread.sleep(100);
        assertThat(output).isEmpty();

        ServiceRegistration<StageFactory> reg = registerStage("pass", ctx -> (r, out) -> out.emit(r));
        await(() -> output.size() == 50, "held records after the stage type arrived");
        assertThat(p.status().state()).isEqualTo(PipelineState.RUNNING);

        reg.unregister();
        assertThat(p.status().state()).isEqualTo(PipelineState.WAITING);
        input("swap").onRecords(batch(50, 50));
        Thread.sleep(100);
        assertThat(output).hasSize(50);
        registerStage("pass", ctx -> (r, out) -> out.emit(r));
        await(() -> output.size() == 100, "records after the stage type came back");
        for (int i = 0; i < 100; i++) {
            assertThat(output.get(i).timestamp()).isEqualTo(i);
        }
    }

    @Test
    void aCycleFailsActivationWithTheReasonAndOtherPipelinesRun() throws Exception {
        registerStage("pass", ctx -> (r, out) -> out.emit(r));
        registerOutput("good");
        configure("bad", "{\"id\":\"a\",\"type\":\"pass\",\"inputs\":[\"b\"]}", "{\"id\":\"b\",\"type\":\"pass\"}");
        configure("good", "{\"type\":\"pass\"}");
        pipeline("good");
        ComponentDescriptionDTO d = scr.getComponentDescriptionDTOs().stream()
                .filter(c -> c.name.equals("io.weir.pipeline.internal.PipelineComponent")).findFirst().orElseThrow();
        await(() -> scr.getComponentConfigurationDTOs(d).stream()
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION), "failed activation");
        ComponentConfigurationDTO failed = scr.getComponentConfigurationDTOs(d).stream()
                .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst().orElseThrow();
        assertThat(failed.failure).contains("pipeline bad has a cycle").containsAnyOf("a -> b -> a", "b -> a -> b");
        input("good").onRecords(batch(0, 10));
        await(() -> output.size() == 10, "the good pipeline's output");
    }

    @Test
    void reconfiguringOnePipelineLeavesTheOtherRunning() throws Exception {
        registerStage("pass", ctx -> (r, out) -> out.emit(r));
        registerOutput("steady");
        configure("steady", "{\"type\":\"pass\"}");
        Configuration other = configure("other", "{\"type\":\"pass\"}");
        Pipeline steady = pipeline("steady");
        input("steady").onRecords(batch(0, 10));
        await(() -> output.size() == 10, "first records");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("weir.pipeline.name", "other");
        props.put("stages", new String[] {"{\"type\":\"pass\"}", "{\"id\":\"second\",\"type\":\"pass\"}"});
        other.update(props);
        pipeline("other");
        input("steady").onRecords(batch(10, 10));
        await(() -> output.size() == 20, "records after the other pipeline changed");
        assertThat(pipeline("steady")).isSameAs(steady);
        assertThat(steady.metrics().in()).isEqualTo(20);
    }

    @Test
    void failingRecordsAreCountedAndHealthSaysWhy(@InjectService(filter = "(objectClass=io.weir.health.HealthContributor)",
            timeout = TIMEOUT) HealthContributor health) throws Exception {
        registerStage("picky", ctx -> (r, out) -> {
            if (r.timestamp() % 2 == 1) {
                throw new IllegalStateException("odd record");
            }
            out.emit(r);
        });
        registerOutput("picky");
        configure("picky", "{\"type\":\"picky\"}");
        Pipeline p = pipeline("picky");
        input("picky").onRecords(batch(0, 10));
        await(() -> output.size() == 5, "even records");
        await(() -> p.metrics().errors() == 5, "5 errors");
        assertThat(health.name()).isEqualTo("pipelines");
        await(() -> health.health().details().containsKey("picky"), "health to see the picky pipeline");
        configure("waiting", "{\"type\":\"nobody-has-this\"}");
        pipeline("waiting");
        // the health component binds the new pipeline service asynchronously
        await(() -> health.health().details().containsKey("waiting"), "health to see the waiting pipeline");
        assertThat(health.health().state().name()).isEqualTo("DEGRADED");
        assertThat(health.health().details().get("waiting")).contains("nobody-has-this");
    }

    @Test
    void deletingTheConfigurationRemovesThePipelineAndItsThread() throws Exception {
        registerStage("pass", ctx -> (r, out) -> out.emit(r));
        Configuration c = configure("gone", "{\"type\":\"pass\"}");
        pipeline("gone");
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("weir-pipeline-gone"));
        configurations.removeIf(x -> x == c);
        c.delete();
        await(() -> context.getServiceReference(Pipeline.class) == null
                || pipelineNames().stream().noneMatch("gone"::equals), "removal");
        await(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("weir-pipeline-gone")),
                "worker thread to end");
    }
}
