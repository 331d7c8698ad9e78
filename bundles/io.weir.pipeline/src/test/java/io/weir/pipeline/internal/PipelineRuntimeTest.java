// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.pipeline.PipelineMetrics;
import io.weir.pipeline.PipelineState;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;
import io.weir.pipeline.StageFactory;

/** The engine without OSGi: stage factories are plain lambdas here (pure logic, no framework). */
class PipelineRuntimeTest {

    private final List<Record> sink = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, StageFactory> factories = new HashMap<>();
    private PipelineRuntime runtime;

    /** Multiplies channel "v" by the configured factor. */
    interface TimesConfig {
        double factor();
    }

    private static final StageFactory TIMES = ctx -> {
        double f = ctx.config(TimesConfig.class).factor();
        return (r, out) -> out.emit(r.toBuilder().put("v", r.value("v").asDouble() * f).build());
    };

    /** Fails on records whose "v" is negative. */
    private static final StageFactory FUSSY = ctx -> (r, out) -> {
        if (r.value("v").asDouble() < 0) {
            throw new StageException("negative value " + r.value("v"));
        }
        out.emit(r);
    };

    private static final StageFactory PASS = ctx -> (r, out) -> out.emit(r);

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
            assertThat(runtime.workerAlive()).as("worker thread ends").isFalse();
        }
    }

    private PipelineRuntime start(int capacity, OverflowPolicy policy, String... stages) {
        runtime = new PipelineRuntime("p", GraphSpec.parse("p", stages), capacity, policy, 10, 1,
                b -> sink.addAll(b.records()));
        runtime.start(factories::get);
        return runtime;
    }

    private static List<Record> records(int from, int n) {
        List<Record> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            list.add(Record.builder("asset").timestamp(i).put("v", (double) i).build());
        }
        return list;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void recordsFlowThroughTheChainInOrder() throws Exception {
        factories.put("times", TIMES);
        start(64, OverflowPolicy.BLOCK, "{\"id\":\"a\",\"type\":\"times\",\"config\":{\"factor\":2}}",
                "{\"id\":\"b\",\"type\":\"times\",\"config\":{\"factor\":10}}");
        runtime.accept(records(0, 1000));
        await(() -> sink.size() == 1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(sink.get(i).timestamp()).isEqualTo(i);
            assertThat(sink.get(i).value("v").doubleValue()).isEqualTo(i * 20.0);
        }
        await(() -> runtime.metrics().in() == 1000);
        PipelineMetrics m = runtime.metrics();
        assertThat(m.out()).isEqualTo(1000);
        assertThat(m.stage("a").in()).isEqualTo(1000);
        assertThat(m.stage("b").out()).isEqualTo(1000);
        assertThat(m.latency().count()).isEqualTo(1000);
        assertThat(m.stage("a").latency().count()).isEqualTo(1000);
        assertThat(runtime.status().state()).isEqualTo(PipelineState.RUNNING);
    }

    @Test
    void fanOutAndFanInDeliverEveryPath() throws Exception {
        factories.put("pass", PASS);
        factories.put("times", TIMES);
        start(64, OverflowPolicy.BLOCK, "{\"id\":\"x2\",\"type\":\"times\",\"config\":{\"factor\":2}}",
                "{\"id\":\"x3\",\"type\":\"times\",\"inputs\":\"$source\",\"config\":{\"factor\":3}}",
                "{\"id\":\"join\",\"type\":\"pass\",\"inputs\":[\"x2\",\"x3\"]}");
        runtime.accept(records(1, 1));
        await(() -> sink.size() == 2);
        assertThat(sink).extracting(r -> r.value("v").doubleValue()).containsExactly(2.0, 3.0);
    }

    @Test
    void aFailingRecordIsDeadLetteredAndThePipelineGoesOn() throws Exception {
        factories.put("fussy", FUSSY);
        start(64, OverflowPolicy.BLOCK, "{\"type\":\"fussy\"}");
        List<Record> in = new ArrayList<>(records(0, 3));
        in.add(1, Record.builder("asset").timestamp(99).put("v", -1.0).build());
        runtime.accept(in);
        await(() -> sink.size() == 3);
        await(() -> runtime.metrics().errors() == 1);
        assertThat(sink).extracting(Record::timestamp).containsExactly(0L, 1L, 2L);
        assertThat(runtime.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.stageId()).isEqualTo("fussy");
            assertThat(d.reason()).contains("negative value");
            assertThat(d.record().timestamp()).isEqualTo(99);
        });
        assertThat(runtime.metrics().stage("fussy").errors()).isEqualTo(1);
    }

    @Test
    void stageSwapLosesNothingAndDuplicatesNothing() throws Exception {
        factories.put("times", TIMES);
        start(100_000, OverflowPolicy.BLOCK, "{\"id\":\"a\",\"type\":\"times\",\"config\":{\"factor\":1}}");
        StageFactory first = factories.get("times");
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    runtime.accept(records(i * 500, 500));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        // swap the factory out and back several times while records stream in
        StageFactory current = first;
        for (int swap = 0; swap < 5; swap++) {
            await(() -> sink.size() > 0);
            runtime.factoryRemoved(current, null);
            assertThat(runtime.status().state()).isEqualTo(PipelineState.WAITING);
            assertThat(runtime.status().message()).contains("a (times)");
            int held = sink.size();
            Thread.sleep(20);
            assertThat(sink.size()).as("nothing is processed while the stage is away").isEqualTo(held);
            current = ctx -> TIMES.create(ctx);
            runtime.factoryAdded("times", current);
            assertThat(runtime.status().state()).isEqualTo(PipelineState.RUNNING);
        }
        producer.join(30_000);
        await(() -> sink.size() == 50_000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(sink.get(i).timestamp()).isEqualTo(i);
        }
    }

    @Test
    void aMissingTypeMakesThePipelineWaitAndHoldRecords() throws Exception {
        start(10, OverflowPolicy.BLOCK, "{\"type\":\"later\"}");
        assertThat(runtime.status().state()).isEqualTo(PipelineState.WAITING);
        runtime.accept(records(0, 5));
        await(() -> runtime.metrics().queueDepth() == 5);
        Thread.sleep(50);
        assertThat(sink).isEmpty();
        assertThat(runtime.metrics().queueDepth()).as("held records are counted as queued").isEqualTo(5);
        runtime.factoryAdded("later", PASS);
        await(() -> sink.size() == 5);
    }

    @Test
    void invalidStageConfigurationFailsThePipelineWithTheReason() {
        factories.put("strict", ctx -> {
            throw new IllegalArgumentException("alpha must be in (0,1]");
        });
        start(10, OverflowPolicy.BLOCK, "{\"id\":\"s\",\"type\":\"strict\"}");
        assertThat(runtime.status().state()).isEqualTo(PipelineState.FAILED);
        assertThat(runtime.status().message()).contains("stage 's' (strict)").contains("alpha must be in (0,1]");
    }

    @Test
    void dropOldestCountsWhatABlockedPipelineCouldNotKeep() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        factories.put("slow", ctx -> (r, out) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.emit(r);
        });
        start(10, OverflowPolicy.DROP_OLDEST, "{\"type\":\"slow\"}");
        runtime.accept(records(0, 1));
        Thread.sleep(50);
        runtime.accept(records(1, 100));
        assertThat(runtime.metrics().dropped()).isEqualTo(90);
        release.countDown();
        await(() -> sink.size() == 11);
        assertThat(sink.get(0).timestamp()).isZero();
        assertThat(sink.get(1).timestamp()).isEqualTo(91);
    }

    @Test
    void stopProcessesWhatIsQueuedAndClosesStages() throws Exception {
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        factories.put("closing", ctx -> new Stage() {
            @Override
            public void process(Record record, io.weir.pipeline.Emitter out) {
                out.emit(record);
            }

            @Override
            public void close() {
                closed.add(ctx.stageId());
            }
        });
        start(1000, OverflowPolicy.BLOCK, "{\"type\":\"closing\"}");
        runtime.accept(records(0, 500));
        runtime.stop();
        assertThat(sink).hasSize(500);
        assertThat(closed).containsExactly("closing");
        assertThat(runtime.accept(records(0, 1))).as("no records after stop").isZero();
        runtime = null;
    }

    @Test
    void outputIsDeliveredInBatches() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        factories.put("pass", PASS);
        runtime = new PipelineRuntime("p", GraphSpec.parse("p", new String[] {"{\"type\":\"pass\"}"}), 10_000,
                OverflowPolicy.BLOCK, 10, 16, (RecordBatch b) -> {
                    sizes.add(b.size());
                    sink.addAll(b.records());
                });
        runtime.start(factories::get);
        runtime.accept(records(0, 5000));
        await(() -> sink.size() == 5000);
        assertThat(sizes.size()).isLessThan(5000);
    }
}
