// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.service.ServiceAware;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageType;
import io.weir.pipeline.stages.buffer.Series;
import io.weir.pipeline.stages.buffer.TimeSeriesBuffers;

/**
 * Black-box tests of the stage library inside Felix: every stage type is a registered StageFactory with its
 * {@code weir.stage.type} property and makes a working stage from a plain configuration map, as the engine does.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class StageFactoriesIT {

    static final List<String> TYPES = List.of("deadband", "drop", "ewma", "fft-bands", "hampel", "log",
            "moving-average", "rate-limit", "rename", "resample", "ring-buffer", "scale", "select", "window",
            "zscore");
    private static final long TIMEOUT_MS = 10_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(cardinality = 15, timeout = TIMEOUT_MS)
    ServiceAware<StageFactory> factories;

    @InjectService(timeout = TIMEOUT_MS)
    TimeSeriesBuffers buffers;

    /** A configuration and inputs for one stage type, and what the output must look like. */
    record Case(String type, Map<String, Object> config, List<Record> inputs, Consumer<List<Record>> check) {
        @Override
        public String toString() {
            return type;
        }
    }

    private static Record rec(long ts, Object... namesAndValues) {
        Record.Builder b = Record.builder("asset").timestamp(ts);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object v = namesAndValues[i + 1];
            b.put((String) namesAndValues[i], v instanceof String s ? TypedValue.ofString(s)
                    : TypedValue.ofDouble(((Number) v).doubleValue()));
        }
        return b.build();
    }

    private static List<Record> series(String channel, double... values) {
        List<Record> result = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            result.add(rec(i, channel, values[i]));
        }
        return result;
    }

    private static double last(List<Record> out, String channel) {
        return out.get(out.size() - 1).value(channel).asDouble();
    }

    static Stream<Case> cases() {
        double[] cosine = new double[8];
        for (int n = 0; n < 8; n++) {
            cosine[n] = Math.cos(2 * Math.PI * n / 8);
        }
        // values as a configuration file or JSON would deliver them: strings, longs, lists
        return Stream.of(
                new Case("scale", Map.of("channels", "t", "preset", "c-to-f"), List.of(rec(0, "t", 100)),
                        out -> assertThat(last(out, "t")).isEqualTo(212.0)),
                new Case("deadband", Map.of("channels", List.of("a"), "band", "1"), series("a", 1, 1.5, 3),
                        out -> assertThat(out).hasSize(2)),
                new Case("moving-average", Map.of("channels", "a", "window", 2L), series("a", 1, 3),
                        out -> assertThat(last(out, "a")).isEqualTo(2.0)),
                new Case("ewma", Map.of("channels", "a", "alpha", "0.5"), series("a", 10, 20),
                        out -> assertThat(last(out, "a")).isEqualTo(15.0)),
                new Case("zscore", Map.of("channels", "a", "window", 4, "threshold", 2),
                        series("a", 10, 12, 10, 12, 14), out -> assertThat(last(out, "a")).isEqualTo(11.0)),
                new Case("hampel", Map.of("channels", "a", "window", 5), series("a", 1, 2, 3, 4, 100),
                        out -> assertThat(last(out, "a")).isEqualTo(3.0)),
                new Case("window", Map.of("channels", "a", "size", "2", "features", List.of("mean", "p2p")),
                        series("a", 1, 3), out -> {
                            assertThat(out).hasSize(1);
                            assertThat(last(out, "a_mean")).isEqualTo(2.0);
                            assertThat(last(out, "a_p2p")).isEqualTo(2.0);
                        }),
                new Case("fft-bands", Map.of("channels", "v", "size", 8, "sampleRateHz", 8, "bandEdgesHz",
                        List.of(0, 2, 4), "windowFunction", "rectangular", "removeMean", false), series("v", cosine),
                        out -> assertThat(last(out, "v_band_0_2")).isCloseTo(0.5, within(1e-12))),
                new Case("resample", Map.of("channels", "a", "periodMs", 100),
                        List.of(rec(50, "a", 1), rec(250, "a", 3)),
                        out -> assertThat(out).extracting(Record::timestamp).containsExactly(100L, 200L)),
                new Case("rename", Map.of("mappings", "a=b"), List.of(rec(0, "a", 1)),
                        out -> assertThat(out.get(0).values()).containsOnlyKeys("b")),
                new Case("select", Map.of("channels", "a"), List.of(rec(0, "a", 1, "b", 2)),
                        out -> assertThat(out.get(0).values()).containsOnlyKeys("a")),
                new Case("drop", Map.of("channels", "a"), List.of(rec(0, "a", 1, "b", 2)),
                        out -> assertThat(out.get(0).values()).containsOnlyKeys("b")),
                new Case("rate-limit", Map.of("maxRecordsPerSecond", 1), series("a", 1, 2, 3),
                        out -> assertThat(out).hasSize(1)),
                new Case("ring-buffer", Map.of("channels", "a"), series("a", 1, 2),
                        out -> assertThat(out).hasSize(2)),
                new Case("log", Map.of("passThrough", "true"), series("a", 1),
                        out -> assertThat(out).hasSize(1)));
    }

    private StageFactory factory(String type) throws Exception {
        ServiceReference<StageFactory>[] refs = context.getServiceReferences(StageFactory.class,
                "(" + StageType.PROPERTY + "=" + type + ")").toArray(new ServiceReference[0]);
        assertThat(refs).as("factories of type %s", type).hasSize(1);
        return context.getService(refs[0]);
    }

    @Test
    void everyStageTypeIsRegisteredOnceByTheStageBundle() {
        Map<String, String> byType = new TreeMap<>();
        for (ServiceReference<StageFactory> ref : factories.getServiceReferences()) {
            Object type = ref.getProperty(StageType.PROPERTY);
            assertThat(type).isInstanceOf(String.class);
            assertThat(byType.put((String) type, ref.getBundle().getSymbolicName())).as("duplicate %s", type)
                    .isNull();
        }
        assertThat(byType.keySet()).containsExactlyElementsOf(TYPES);
        assertThat(byType.values()).containsOnly("io.weir.pipeline.stages");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachFactoryMakesAWorkingStageFromAConfigurationMap(Case c) throws Exception {
        Stage stage = factory(c.type()).create(new MapContext("it", c.type() + "-node", c.config()));
        List<Record> out = new ArrayList<>();
        try {
            for (Record in : c.inputs()) {
                stage.process(in, out::add);
            }
        } finally {
            stage.close();
        }
        c.check().accept(out);
    }

    @Test
    void invalidConfigurationIsRejectedNamingTheAttribute() throws Exception {
        assertThatThrownBy(() -> factory("ewma").create(new MapContext("it", "bad", Map.of("channels", "a",
                "alpha", 2.0)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'alpha'");
        assertThatThrownBy(() -> factory("window").create(new MapContext("it", "bad", Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'channels'");
    }

    @Test
    void ringBuffersAreReadableThroughTheServiceWhileTheirNodeRuns() throws Exception {
        Stage stage = factory("ring-buffer").create(new MapContext("line", "recent", Map.of("capacity", 2)));
        for (int i = 1; i <= 3; i++) {
            stage.process(rec(i, "rms", i * 1.5, "state", "run"), r -> { });
        }
        Series rms = buffers.read("line", "recent", "rms", Long.MIN_VALUE);
        assertThat(rms).isNotNull();
        assertThat(rms.timestamps()).containsExactly(2, 3);
        assertThat(rms.values()).containsExactly(3.0, 4.5);
        assertThat(buffers.buffers()).anySatisfy(info -> {
            assertThat(info.pipelineName()).isEqualTo("line");
            assertThat(info.channels()).containsExactly("rms");
        });
        stage.close();
        assertThat(buffers.read("line", "recent", "rms", Long.MIN_VALUE)).isNull();
    }

    @Test
    void onlyTheBufferPackageIsExportedAndStoppingTheBundleWithdrawsEveryFactory() throws Exception {
        Bundle stages = factories.getServiceReference().getBundle();
        assertThat(stages.getHeaders().get(Constants.EXPORT_PACKAGE)).startsWith("io.weir.pipeline.stages.buffer;")
                .doesNotContain(".internal");
        stages.stop();
        try {
            assertThat(context.getServiceReferences(StageFactory.class, null)).isEmpty();
            assertThat(context.getServiceReference(TimeSeriesBuffers.class)).isNull();
        } finally {
            stages.start();
        }
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (context.getServiceReferences(StageFactory.class, null).size() < TYPES.size()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(context.getServiceReferences(StageFactory.class, null)).hasSize(TYPES.size());
    }
}
