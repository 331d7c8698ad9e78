// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import ai.onnxruntime.OrtException;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on what {@link RequestReader} read: counts drops, answers refusals, and queues accepted requests for the
 * workers ({@code weir-cloud-inference-worker-N}, a fixed pool with a bounded queue; a full queue answers ERROR
 * {@value OffloadProtocol#BUSY}). A worker checks the deadline again, decodes the body, checks the inputs against the
 * model's specs, runs the model and sends the result: every accepted request gets exactly one result.
 *
 * <p>{@code compute.ms} is the request's time in this service, from its hand-over by the MQTT callback thread to
 * the encoded result: the wait in the queue, tensor decoding, checks, ONNX Runtime, encoding. So a gateway that takes
 * "round trip − {@code compute.ms}" as link time sees this service's queueing as service time, where it belongs. 0 for
 * requests refused at once (busy, refused by the reader).
 */
public final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ModelCatalog catalog;
    private final ResultSender sender;
    private final CounterSet counters;
    private final int maxBodyBytes;
    private final LongSupplier clock;
    private final ThreadPoolExecutor pool;

    /**
     * @param catalog the models
     * @param sender where results go
     * @param counters the counters
     * @param workers the number of worker threads
     * @param queueCapacity how many accepted requests may wait
     * @param maxBodyBytes the body limit (tensor decoding checks it again)
     * @param clock the current time in epoch milliseconds
     */
    public Dispatcher(ModelCatalog catalog, ResultSender sender, CounterSet counters, int workers, int queueCapacity,
            int maxBodyBytes, LongSupplier clock) {
        this.catalog = catalog;
        this.sender = sender;
        this.counters = counters;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "weir-cloud-inference-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), threads, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Acts on a read request. Never blocks: called on the MQTT callback thread.
     *
     * @param inbound what the reader made of a message
     */
    public void handle(Inbound inbound) {
        if (inbound instanceof Inbound.Dropped d) {
            counters.dropped(d.reason());
            LOG.debug("dropped: {}", d.reason());
        } else if (inbound instanceof Inbound.Refused r) {
            if (r.expired()) {
                counters.expired.increment();
            }
            sender.error(r.clientId(), r.requestId(), r.service(), r.error(), 0.0);
        } else {
            Inbound.Accepted a = (Inbound.Accepted) inbound;
            long received = System.nanoTime();
            try {
                pool.execute(() -> compute(a, received));
            } catch (RejectedExecutionException e) {
                counters.busy.increment();
                sender.error(a.clientId(), a.requestId(), a.service(), OffloadProtocol.BUSY, 0.0);
            }
        }
    }

    private void compute(Inbound.Accepted a, long start) {
        if (clock.getAsLong() > a.deadline()) {
            counters.expired.increment();
            sender.error(a.clientId(), a.requestId(), a.service(), OffloadProtocol.DEADLINE_PASSED,
                    millisSince(start));
            return;
        }
        String error;
        try {
            OnnxModel model = Objects.requireNonNull(catalog.model(a.service()), a.service());
            Map<String, Tensor> inputs;
            try {
                inputs = TensorCodec.decode(a.body(), maxBodyBytes);
            } catch (IllegalArgumentException e) {
                sender.error(a.clientId(), a.requestId(), a.service(), "body is not valid tensor data: "
                        + e.getMessage(), millisSince(start));
                return;
            }
            String problem = model.check(inputs);
            if (problem != null) {
                sender.error(a.clientId(), a.requestId(), a.service(), problem, millisSince(start));
                return;
            }
            byte[] body = TensorCodec.encode(model.run(inputs));
            sender.ok(a.clientId(), a.requestId(), a.service(), millisSince(start), body);
            return;
        } catch (OrtException e) {
            error = "inference failed in ONNX Runtime: " + e.getMessage();
        } catch (RuntimeException e) {
            error = "inference failed: " + e;
            LOG.warn("request {} of {} for {} failed", a.requestId(), a.clientId(), a.service(), e);
        }
        sender.error(a.clientId(), a.requestId(), a.service(), error, millisSince(start));
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** @return how many accepted requests wait for a worker */
    public int queued() {
        return pool.getQueue().size();
    }

    /**
     * Takes no more requests, lets the queued and running ones finish (their results are sent) and stops the workers.
     *
     * @param timeout how long to wait for the queue to drain
     * @return {@code true} if every worker stopped; {@code false} if some are still running (their models must then
     *     stay open)
     */
    public boolean drain(Duration timeout) {
        pool.shutdown();
        try {
            if (pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("{} requests still queued or running after {}; stopping the workers", pool.getQueue().size()
                    + pool.getActiveCount(), timeout);
            pool.shutdownNow();
            return pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
