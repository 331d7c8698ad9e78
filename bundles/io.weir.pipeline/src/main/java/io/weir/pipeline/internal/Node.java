// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.StageMetrics;

/**
 * One node of a running pipeline: its stage (absent while the stage type is not available) and its counters.
 * The node is its stage's {@link Emitter}: emitted records go straight to the downstream nodes on the same
 * thread, or to the pipeline's output if the node is terminal.
 *
 * <p>Counters are plain fields written only by the pipeline's worker and published with {@link #publish()}
 * after each chunk, so the hot path has no memory fences.
 */
final class Node implements Emitter {

    final GraphSpec.NodeSpec spec;
    private final PipelineRuntime runtime;
    Node[] downstream = new Node[0];
    final LatencyStats latency = new LatencyStats();

    /** Guarded by the runtime's gate. */
    Stage stage;
    /** Guarded by the runtime's gate. */
    StageFactory factory;

    private long in;
    private long out;
    private long errors;
    private volatile long publishedIn;
    private volatile long publishedOut;
    private volatile long publishedErrors;

    Node(GraphSpec.NodeSpec spec, PipelineRuntime runtime) {
        this.spec = spec;
        this.runtime = runtime;
    }

    /** Runs this node's stage on one record; never throws for a stage failure. Worker thread only. */
    void process(Record record) {
        in++;
        Stage s = stage;
        if (runtime.sampling) {
            long before = runtime.nestedNanos;
            long start = System.nanoTime();
            invoke(s, record);
            long elapsed = System.nanoTime() - start;
            latency.record(elapsed - (runtime.nestedNanos - before));
            runtime.nestedNanos = before + elapsed;
        } else {
            invoke(s, record);
        }
    }

    private void invoke(Stage s, Record record) {
        try {
            s.process(record, this);
        } catch (StageException e) {
            errors++;
            runtime.deadLetter(record, spec.id, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            errors++;
            runtime.deadLetter(record, spec.id, e.toString());
        }
    }

    @Override
    public void emit(Record record) {
        if (record == null) {
            throw new NullPointerException("stage " + spec.id + " emitted null");
        }
        out++;
        Node[] d = downstream;
        if (d.length == 0) {
            runtime.output(record);
        } else {
            for (Node n : d) {
                n.process(record);
            }
        }
    }

    void publish() {
        publishedIn = in;
        publishedOut = out;
        publishedErrors = errors;
    }

    StageMetrics metrics() {
        return new StageMetrics(spec.id, spec.type, publishedIn, publishedOut, 0, publishedErrors, latency.summary(),
                0, 0);
    }

    long errors() {
        return publishedErrors;
    }
}
