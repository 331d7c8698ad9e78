// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import io.weir.inference.ElementType;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;
import io.weir.inference.TensorSpec;
import io.weir.pipeline.inference.fake.FakeEngine;
import io.weir.scheduler.ClusterView;
import io.weir.scheduler.Scheduler;
import io.weir.scheduler.SchedulerMetrics;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;
import io.weir.scheduler.Work;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

class OffloadingEngineTest {

    private static final ModelDescriptor M = new ModelDescriptor("m", new Version(1, 0, 0), "onnx",
            List.of(new TensorSpec("input", ElementType.FLOAT, new long[] { -1, 2 })),
            List.of(new TensorSpec("output", ElementType.FLOAT, new long[] { -1, 1 })), Map.of());
    private static final Map<String, Tensor> X = Map.of("input", Tensor.ofFloats(new long[] { 1, 2 },
            new float[] { 1, 2 }));

    private final FakeEngine engine = new FakeEngine().activate(M, in -> Map.of("output",
            Tensor.ofFloats(new long[] { 1, 1 }, new float[] { 3 })));
    private final AtomicReference<@Nullable Task> submitted = new AtomicReference<>();
    private final AtomicReference<@Nullable Work> work = new AtomicReference<>();

    /** A scheduler stand-in whose outcome the test decides (the real scheduler has its own tests). */
    private Scheduler scheduler(BiFunction<Task, Work, TaskOutcome> outcome) {
        return new Scheduler() {
            @Override
            public CompletionStage<TaskOutcome> submit(Task task, Work w) {
                submitted.set(task);
                work.set(w);
                return CompletableFuture.completedFuture(outcome.apply(task, w));
            }

            @Override
            public String activePolicy() {
                return "test";
            }

            @Override
            public ClusterView view() {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<SchedulerMetrics> metrics() {
                return List.of();
            }
        };
    }

    private OffloadingEngine offloading(@Nullable Scheduler s) {
        return new OffloadingEngine(engine, () -> s, 500, 3, 2.0, 1 << 20, "inference stage 's'");
    }

    private static TaskOutcome completed(Task t, Object result) {
        return new TaskOutcome(t.id(), TaskOutcome.Status.COMPLETED, "cloud", result, "", 1, 0, 1);
    }

    @Test
    void withoutASchedulerItRunsLocally() throws Exception {
        assertThat(offloading(null).run("m", X).outputs().get("output").toFloatArray()).containsExactly(3);
        assertThat(submitted.get()).isNull();
    }

    @Test
    void theTaskIsOffloadableWithTheEncodedInputAndALocalFallback() throws Exception {
        long before = System.currentTimeMillis();
        InferenceResult r = offloading(scheduler((t, w) -> {
            try {
                return completed(t, w.runLocally());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).run("m", X);
        assertThat(r.outputs().get("output").toFloatArray()).containsExactly(3);
        Task t = submitted.get();
        assertThat(t.offloadable()).isTrue();
        assertThat(t.kind()).isEqualTo("inference");
        assertThat(t.priority()).isEqualTo(3);
        assertThat(t.costMs()).isEqualTo(2.0);
        assertThat(t.deadlineMs()).isBetween(before + 500, System.currentTimeMillis() + 500);
        byte[] encoded = TensorCodec.encode(X);
        assertThat(t.inputBytes()).isEqualTo(encoded.length);
        assertThat(work.get().offload().service()).isEqualTo("inference/m");
        assertThat(work.get().offload().payload()).isEqualTo(encoded);
    }

    @Test
    void aCloudAnswerIsDecodedAndMappedWithTheLocalVersion() throws Exception {
        byte[] answer = TensorCodec.encode(Map.of("output", Tensor.ofFloats(new long[] { 1, 1 }, new float[] { 7 })));
        InferenceResult r = offloading(scheduler((t, w) -> completed(t, answer))).run("m", X);
        assertThat(r.outputs().get("output").toFloatArray()).containsExactly(7);
        assertThat(r.model()).isEqualTo(M);
    }

    @Test
    void failuresAndGarbageAreInferenceErrors() {
        assertThatThrownBy(() -> offloading(scheduler((t, w) -> new TaskOutcome(t.id(), TaskOutcome.Status.EXPIRED,
                null, null, "the deadline passed while the task waited", 0, 500, 500))).run("m", X))
                .isInstanceOf(InferenceException.class).hasMessageContaining("EXPIRED")
                .hasMessageContaining("the deadline passed");
        assertThatThrownBy(() -> offloading(scheduler((t, w) -> completed(t, new byte[] { 1, 2, 3 }))).run("m", X))
                .isInstanceOf(InferenceException.class).hasMessageContaining("cannot be decoded");
    }
}
