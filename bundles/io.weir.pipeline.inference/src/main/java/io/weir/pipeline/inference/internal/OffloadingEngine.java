// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.Model;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;
import io.weir.scheduler.OffloadRequest;
import io.weir.scheduler.Scheduler;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;
import io.weir.scheduler.Work;

import org.jspecify.annotations.Nullable;

/**
 * The engine as an offloadable stage sees it: {@link #run} becomes a scheduler task that the active policy places
 * on the local pool (the real engine) or on a remote target (the cloud inference service, service {@code
 * inference/<model>}, inputs and outputs encoded with {@link TensorCodec}). The call waits for the task's outcome up
 * to its deadline. A cloud answer is attributed to the local serving version's descriptor (the output mapping,
 * normalisation and drift references come from it); the record's version field then says where it ran via the
 * outcome's target in the log, not in the record. Without a scheduler service the call runs locally. Everything
 * else is the real engine's.
 */
final class OffloadingEngine implements InferenceEngine {

    static final String SERVICE_PREFIX = "inference/";
    private static final AtomicLong IDS = new AtomicLong();

    private final InferenceEngine engine;
    private final Supplier<@Nullable Scheduler> scheduler;
    private final long deadlineMs;
    private final int priority;
    private final double costMs;
    private final int maxResultBytes;
    private final String where;

    OffloadingEngine(InferenceEngine engine, Supplier<@Nullable Scheduler> scheduler, long deadlineMs, int priority, double costMs,
            int maxResultBytes, String where) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.deadlineMs = deadlineMs;
        this.priority = priority;
        this.costMs = costMs;
        this.maxResultBytes = maxResultBytes;
        this.where = where;
    }

    @Override
    public List<ModelDescriptor> models() {
        return engine.models();
    }

    @Override
    public @Nullable Model model(String name) {
        return engine.model(name);
    }

    @Override
    public List<ModelStatus> status() {
        return engine.status();
    }

    @Override
    public InferenceResult run(String modelName, Map<String, Tensor> inputs) throws InferenceException {
        Scheduler scheduler = this.scheduler.get();
        if (scheduler == null) {
            return engine.run(modelName, inputs); // no scheduler (yet): local, as without offloading
        }
        byte[] encoded = TensorCodec.encode(inputs);
        long deadline = System.currentTimeMillis() + deadlineMs;
        Task task = new Task(where.replace(' ', '_') + "-" + IDS.incrementAndGet(), "inference", costMs,
                encoded.length, priority, deadline, true);
        Work work = new Work() {
            @Override
            public Object runLocally() throws InferenceException {
                return engine.run(modelName, inputs);
            }

            @Override
            public OffloadRequest offload() {
                return new OffloadRequest(SERVICE_PREFIX + modelName, encoded);
            }
        };
        TaskOutcome o;
        try {
            // the scheduler ends every task by its deadline; the margin covers its bookkeeping
            o = scheduler.submit(task, work).toCompletableFuture().get(deadlineMs + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException(where + ": interrupted while waiting for task " + task.id(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new InferenceException(where + ": task " + task.id() + " did not end: " + e, e);
        }
        if (o.status() != TaskOutcome.Status.COMPLETED) {
            throw new InferenceException(where + ": task " + task.id() + " " + o.status() + ": " + o.reason());
        }
        Object result = o.result();
        if (result instanceof InferenceResult r) {
            return r;
        }
        if (result instanceof byte[] bytes) {
            Model local = engine.model(modelName);
            if (local == null) {
                throw new InferenceException(where + ": the cloud answered for model " + modelName
                        + ", but no local version is loaded to map its outputs");
            }
            Map<String, Tensor> outputs;
            try {
                outputs = TensorCodec.decode(bytes, maxResultBytes);
            } catch (IllegalArgumentException e) {
                throw new InferenceException(where + ": the cloud's answer for model " + modelName
                        + " cannot be decoded: " + e.getMessage(), e);
            }
            return new InferenceResult(local.descriptor(), outputs);
        }
        throw new InferenceException(where + ": task " + task.id() + " ended with an unexpected result " + result);
    }
}
