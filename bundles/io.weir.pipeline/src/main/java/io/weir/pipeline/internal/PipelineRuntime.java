// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.data.Record;
import io.weir.data.RecordBatch;
import io.weir.pipeline.LatencySummary;
import io.weir.pipeline.Pipeline;
import io.weir.pipeline.PipelineMetrics;
import io.weir.pipeline.PipelineState;
import io.weir.pipeline.PipelineStatus;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageMetrics;

/**
 * The engine of one pipeline, independent of OSGi so it can be unit tested and benchmarked directly.
 *
 * <p><b>Threads.</b> Producers (asset threads) add records to a bounded {@link RecordQueue}. One worker
 * thread, {@code weir-pipeline-<name>}, drains it in chunks and runs each record through the whole graph
 * depth-first: a stage's emitted record is processed by its downstream stages before the stage sees its next
 * input, so hand-off between stages is direct and ordered, and backpressure from any stage reaches the
 * queue and from there the producer. Output records of terminal stages are delivered in batches to the
 * output consumer on the worker thread.
 *
 * <p><b>Hot swap.</b> Stages are created from {@link StageFactory} services by type. When a factory leaves,
 * the worker finishes the records it is processing (the <em>gate</em> is held per sub-chunk), the stages it
 * made are closed, and the pipeline waits: records stay in the bounded queue (and in the worker's current
 * chunk, which is never dropped) until a factory of that type is back, then processing resumes where it
 * stopped. No record is lost or processed twice; per-stage state (an EWMA, an open window) starts afresh.
 */
final class PipelineRuntime implements Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRuntime.class);
    static final int CHUNK = 1024;
    private static final int SUB_CHUNK = 256;
    private static final long STOP_DRAIN_MILLIS = 2_000;

    private final String name;
    private final List<Node> nodes = new ArrayList<>();
    private final Node[] roots;
    private final RecordQueue queue;
    private final Consumer<RecordBatch> output;
    private final int latencySampleMask;
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition stagesChanged = gate.newCondition();
    private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
    private final int deadLetterCapacity;
    private final LatencyStats latency = new LatencyStats();
    private final RateLimitedLog deadLetterLog = new RateLimitedLog(LOG, 10_000);
    private final Thread worker;

    /** Worker-thread state. */
    boolean sampling;
    long nestedNanos;
    private final List<Record> pendingOutput = new ArrayList<>();
    private long in;
    private long out;
    private long sampleCounter;

    private volatile long publishedIn;
    private volatile long publishedOut;
    private volatile long deadLetterCount;
    /** Records the worker has taken from the queue but holds because a stage is missing. */
    private volatile int held;
    private volatile boolean running = true;
    private volatile PipelineStatus status;
    /** Guarded by the gate: a node-creation failure that is a configuration error, not a missing type. */
    private String configurationError;

    /**
     * @param output receives output batches on the worker thread; must not block for long
     * @param latencySampleEvery measure latency for one record in this many (a power of two)
     */
    PipelineRuntime(String name, GraphSpec graph, int queueCapacity, OverflowPolicy policy, int deadLetterCapacity,
            int latencySampleEvery, Consumer<RecordBatch> output) {
        if (Integer.bitCount(latencySampleEvery) != 1) {
            throw new IllegalArgumentException("latencySampleEvery must be a power of two");
        }
        this.name = name;
        this.queue = new RecordQueue(queueCapacity, policy);
        this.output = output;
        this.deadLetterCapacity = deadLetterCapacity;
        this.latencySampleMask = latencySampleEvery - 1;
        Map<String, Node> byId = new HashMap<>();
        Map<String, List<Node>> downstream = new HashMap<>();
        List<Node> rootList = new ArrayList<>();
        for (GraphSpec.NodeSpec spec : graph.nodes) {
            Node n = new Node(spec, this);
            nodes.add(n);
            byId.put(spec.id, n);
            for (String input : spec.inputs) {
                if (GraphSpec.SOURCE.equals(input)) {
                    rootList.add(n);
                } else {
                    downstream.computeIfAbsent(input, k -> new ArrayList<>()).add(n);
                }
            }
        }
        for (Node n : nodes) {
            n.downstream = downstream.getOrDefault(n.spec.id, List.of()).toArray(new Node[0]);
        }
        this.roots = rootList.toArray(new Node[0]);
        this.status = new PipelineStatus(PipelineState.STARTING, "", System.currentTimeMillis());
        this.worker = new Thread(this::work, "weir-pipeline-" + name);
        this.worker.setDaemon(true);
    }

    /** Creates every stage whose factory is available and starts the worker. */
    void start(Function<String, StageFactory> factories) {
        gate.lock();
        try {
            for (Node n : nodes) {
                StageFactory f = factories.apply(n.spec.type);
                if (f != null) {
                    create(n, f);
                }
            }
            updateStatus();
        } finally {
            gate.unlock();
        }
        worker.start();
    }

    /** A factory of some type arrived: nodes of that type without a stage get one. */
    void factoryAdded(String type, StageFactory factory) {
        gate.lock();
        try {
            boolean changed = false;
            for (Node n : nodes) {
                if (n.spec.type.equals(type) && n.stage == null) {
                    create(n, factory);
                    changed = true;
                }
            }
            if (changed) {
                updateStatus();
                stagesChanged.signalAll();
            }
        } finally {
            gate.unlock();
        }
    }

    /**
     * A factory is leaving. Waits for the records being processed to finish (at most one sub-chunk), closes
     * the stages it made, and uses the replacement if one is given.
     */
    void factoryRemoved(StageFactory factory, StageFactory replacement) {
        gate.lock();
        try {
            boolean changed = false;
            for (Node n : nodes) {
                if (n.factory == factory) {
                    close(n);
                    if (replacement != null) {
                        create(n, replacement);
                    }
                    changed = true;
                }
            }
            if (changed) {
                updateStatus();
                stagesChanged.signalAll();
            }
        } finally {
            gate.unlock();
        }
    }

    private void create(Node n, StageFactory f) {
        try {
            n.stage = f.create(new MapStageContext(name, n.spec.id, n.spec.config));
            if (n.stage == null) {
                throw new IllegalStateException("stage factory for type '" + n.spec.type + "' returned null");
            }
            n.factory = f;
        } catch (RuntimeException e) {
            n.stage = null;
            n.factory = null;
            configurationError = "stage '" + n.spec.id + "' (" + n.spec.type + "): " + e.getMessage();
            LOG.error("Pipeline {}: cannot create {}", name, configurationError);
        }
    }

    private void close(Node n) {
        try {
            if (n.stage != null) {
                n.stage.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Pipeline {}: stage '{}' failed to close: {}", name, n.spec.id, e.toString());
        }
        n.stage = null;
        n.factory = null;
    }

    /** Guarded by the gate. */
    private boolean ready() {
        for (Node n : nodes) {
            if (n.stage == null) {
                return false;
            }
        }
        return true;
    }

    /** Guarded by the gate. */
    private void updateStatus() {
        PipelineStatus next;
        List<String> missing = new ArrayList<>();
        for (Node n : nodes) {
            if (n.stage == null) {
                missing.add(n.spec.id + " (" + n.spec.type + ")");
            }
        }
        if (!running) {
            next = new PipelineStatus(PipelineState.STOPPING, "", System.currentTimeMillis());
        } else if (missing.isEmpty()) {
            configurationError = null;
            next = new PipelineStatus(PipelineState.RUNNING, "", System.currentTimeMillis());
        } else if (configurationError != null) {
            next = new PipelineStatus(PipelineState.FAILED, configurationError, System.currentTimeMillis());
        } else {
            next = new PipelineStatus(PipelineState.WAITING, "waiting for stage type(s): " + String.join(", ", missing)
                    + "; records are held in the queue", System.currentTimeMillis());
        }
        PipelineStatus previous = status;
        if (previous.state() != next.state() || !previous.message().equals(next.message())) {
            status = next;
            if (next.state() == PipelineState.RUNNING) {
                LOG.info("Pipeline {} running", name);
            } else if (next.state() == PipelineState.FAILED) {
                LOG.warn("Pipeline {} FAILED: {}", name, next.message());
            } else if (next.state() == PipelineState.WAITING) {
                // normal while bundles start or a stage bundle is being updated; /health shows it as DEGRADED
                LOG.info("Pipeline {} waiting: {}", name, next.message());
            }
        }
    }

    /**
     * Adds records from a producer. Blocks while the queue is full under the BLOCK policy.
     *
     * @return the number accepted (fewer only when the pipeline is stopping)
     */
    int accept(List<Record> records) throws InterruptedException {
        return queue.putAll(records);
    }

    private void work() {
        Record[] chunk = new Record[CHUNK];
        try {
            while (true) {
                int n = queue.drainTo(chunk, CHUNK, 100, TimeUnit.MILLISECONDS);
                if (n == 0) {
                    if (!running) {
                        return;
                    }
                    publish();
                    continue;
                }
                int i = 0;
                while (i < n) {
                    gate.lockInterruptibly();
                    try {
                        while (!ready()) {
                            held = n - i;
                            if (!running) {
                                LOG.warn("Pipeline {} stopped with {} record(s) unprocessed (a stage was missing)", name,
                                        n - i + queue.size());
                                return;
                            }
                            stagesChanged.await(100, TimeUnit.MILLISECONDS);
                        }
                        if (held != 0) {
                            held = 0;
                        }
                        int end = Math.min(n, i + SUB_CHUNK);
                        for (; i < end; i++) {
                            processRecord(chunk[i]);
                            chunk[i] = null;
                        }
                        flushOutput();
                    } finally {
                        gate.unlock();
                    }
                }
                publish();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Pipeline {} worker failed", name, e);
            status = new PipelineStatus(PipelineState.FAILED, "worker failed: " + e, System.currentTimeMillis());
        } finally {
            publish();
        }
    }

    private void processRecord(Record r) {
        in++;
        if ((sampleCounter++ & latencySampleMask) == 0) {
            sampling = true;
            nestedNanos = 0;
            long start = System.nanoTime();
            for (Node root : roots) {
                root.process(r);
            }
            latency.record(System.nanoTime() - start);
            sampling = false;
        } else {
            for (Node root : roots) {
                root.process(r);
            }
        }
    }

    /** Called by terminal nodes on the worker thread. */
    void output(Record r) {
        out++;
        pendingOutput.add(r);
    }

    private void flushOutput() {
        if (pendingOutput.isEmpty()) {
            return;
        }
        RecordBatch batch = new RecordBatch(pendingOutput);
        pendingOutput.clear();
        try {
            output.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("Pipeline {}: output consumer failed: {}", name, e.toString());
        }
    }

    /** Called on the worker thread when a stage fails on a record. */
    void deadLetter(Record record, String stageId, String reason) {
        synchronized (deadLetters) {
            if (deadLetters.size() == deadLetterCapacity && deadLetterCapacity > 0) {
                deadLetters.removeFirst();
            }
            if (deadLetterCapacity > 0) {
                deadLetters.addLast(new DeadLetter(record, stageId, reason, System.currentTimeMillis()));
            }
        }
        deadLetterCount = deadLetterCount + 1;
        deadLetterLog.warn("Pipeline {}: stage '{}' failed on a record from {}: {}", name, stageId, record.source(),
                reason);
    }

    private void publish() {
        publishedIn = in;
        publishedOut = out;
        for (Node n : nodes) {
            n.publish();
        }
    }

    /** Stops accepting records, processes what is queued (up to 2 s, if every stage is there), closes stages. */
    void stop() {
        running = false;
        queue.close();
        gate.lock();
        try {
            stagesChanged.signalAll();
        } finally {
            gate.unlock();
        }
        try {
            worker.join(STOP_DRAIN_MILLIS);
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gate.lock();
        try {
            for (Node n : nodes) {
                close(n);
            }
            status = new PipelineStatus(PipelineState.STOPPING, "stopped", System.currentTimeMillis());
        } finally {
            gate.unlock();
        }
    }

    boolean workerAlive() {
        return worker.isAlive();
    }

    List<DeadLetter> deadLetters() {
        synchronized (deadLetters) {
            return List.copyOf(deadLetters);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PipelineStatus status() {
        return status;
    }

    @Override
    public PipelineMetrics metrics() {
        List<StageMetrics> stages = new ArrayList<>(nodes.size());
        long errors = 0;
        for (Node n : nodes) {
            stages.add(n.metrics());
            errors += n.errors();
        }
        LatencySummary l = latency.summary();
        return new PipelineMetrics(publishedIn, publishedOut, queue.dropped(), errors, l, queue.size() + held, stages);
    }

    long deadLetterCount() {
        return deadLetterCount;
    }

    int queueCapacity() {
        return queue.capacity();
    }
}
