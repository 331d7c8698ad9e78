// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.weir.inference.ElementType;
import io.weir.inference.InferenceException;
import io.weir.inference.Model;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;
import io.weir.inference.onnx.convert.OnnxTensors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model version: an ONNX Runtime session with its validated specs and its counters.
 *
 * <p>Life cycle: the registry holds one reference from {@link #load} until {@link #retire()}; every call holds one
 * for its duration ({@link #tryAcquire()} / {@link #release()}). The session is closed when the count reaches 0,
 * so a retired version finishes its in-flight calls first and takes no new ones.
 */
final class LoadedModel implements Model {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OrtSession.@Nullable RunOptions runOptions;
    private final ModelDescriptor descriptor;
    private final Map<String, TensorSpec> inputSpecs = new HashMap<>();
    private final int maxBatchRows;
    private final LatencyHistogram metrics;
    /** registry reference + calls in flight; 0 = closed for good */
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean retired = new AtomicBoolean();
    private final long bundleId;

    private LoadedModel(OrtEnvironment env, OrtSession session, OrtSession.@Nullable RunOptions runOptions,
            ModelDescriptor descriptor, int maxBatchRows, long bundleId) {
        this.env = env;
        this.session = session;
        this.runOptions = runOptions;
        this.descriptor = descriptor;
        this.maxBatchRows = maxBatchRows;
        this.bundleId = bundleId;
        this.metrics = new LatencyHistogram(descriptor.version());
        for (TensorSpec s : descriptor.inputs()) {
            inputSpecs.put(s.name(), s);
        }
    }

    /**
     * Creates the session, checks the file's inputs and outputs against the declared specs, and warms it up.
     *
     * @throws InferenceException naming the model, version and what is wrong; nothing stays open
     */
    static LoadedModel load(OrtEnvironment env, SessionSettings settings, ModelDescriptor descriptor, byte[] model,
            long bundleId) throws InferenceException {
        String what = descriptor.name() + " " + descriptor.version();
        if (model.length > settings.maxModelBytes()) {
            throw new InferenceException("model " + what + " is " + model.length + " bytes, more than the "
                    + settings.maxModelBytes() + " allowed (maxModelBytes)");
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = settings.newOptions()) {
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new InferenceException("model " + what + ": ONNX Runtime cannot load the file: " + e.getMessage(), e);
        }
        OrtSession.RunOptions runOptions = null;
        try {
            checkSpecs(what, "input", descriptor.inputs(), session.getInputInfo());
            checkSpecs(what, "output", descriptor.outputs(), session.getOutputInfo());
            runOptions = settings.newRunOptions();
            LoadedModel m = new LoadedModel(env, session, runOptions, descriptor, settings.maxBatchRows(), bundleId);
            m.warmUp(settings.warmupRuns());
            return m;
        } catch (InferenceException | RuntimeException e) {
            close(session, runOptions, what);
            throw e;
        } catch (OrtException e) {
            close(session, runOptions, what);
            throw new InferenceException("model " + what + ": " + e.getMessage(), e);
        }
    }

    private static void checkSpecs(String what, String kind, List<TensorSpec> declared, Map<String, NodeInfo> actual)
            throws InferenceException {
        List<String> problems = new ArrayList<>();
        Map<String, NodeInfo> rest = new LinkedHashMap<>(actual);
        for (TensorSpec d : declared) {
            NodeInfo n = rest.remove(d.name());
            if (n == null) {
                problems.add(kind + " " + d.name() + " is declared but the file has no such " + kind);
                continue;
            }
            if (!(n.getInfo() instanceof TensorInfo ti)) {
                problems.add(kind + " " + d.name() + " is a " + n.getInfo().getClass().getSimpleName()
                        + " in the file, not a tensor");
                continue;
            }
            ElementType t = OnnxTensors.elementType(ti.type);
            long[] shape = ti.getShape().clone();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? TensorSpec.DYNAMIC : shape[i];
            }
            if (t != d.type() || !Arrays.equals(shape, d.shape())) {
                problems.add(kind + " " + d.name() + " is declared " + d.format() + " but the file has "
                        + (t == null ? ti.type.toString() : t.name()) + ":" + Arrays.toString(shape));
            }
        }
        for (String undeclared : rest.keySet()) {
            problems.add("the file has " + kind + " " + undeclared + ", which the capability does not declare");
        }
        if (!problems.isEmpty()) {
            throw new InferenceException("model " + what + " does not match its declared specs: "
                    + String.join("; ", problems));
        }
    }

    private void warmUp(int runs) throws InferenceException {
        if (runs == 0) {
            return;
        }
        Map<String, Tensor> zeros = new HashMap<>();
        for (TensorSpec s : descriptor.inputs()) {
            zeros.put(s.name(), OnnxTensors.zeros(s.type(), s.shape()));
        }
        for (int i = 0; i < runs; i++) {
            infer(zeros, false);
        }
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    long bundleId() {
        return bundleId;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs) throws InferenceException {
        if (!tryAcquire()) {
            throw new InferenceException("model " + descriptor.name() + " " + descriptor.version()
                    + " has been unloaded; run the model by name to use the serving version");
        }
        try {
            return infer(inputs, true);
        } finally {
            release();
        }
    }

    /** Runs one call; the caller holds a reference. */
    Map<String, Tensor> infer(Map<String, Tensor> inputs, boolean count) throws InferenceException {
        long start = System.nanoTime();
        Map<String, OnnxTensor> onnx = new HashMap<>();
        try {
            long rows = validate(inputs);
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                onnx.put(e.getKey(), OnnxTensors.toOnnx(env, e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = runOptions == null ? session.run(onnx) : session.run(onnx, runOptions)) {
                for (TensorSpec spec : descriptor.outputs()) {
                    OnnxValue v = result.get(spec.name()).orElseThrow(
                            () -> new IllegalStateException("the runtime returned no output " + spec.name()));
                    Tensor t = OnnxTensors.fromOnnx(spec.name(), v);
                    if (t.type() != spec.type() || !spec.accepts(t.shape())) {
                        throw new IllegalStateException("output " + spec.name() + " is " + t + ", declared "
                                + spec.format());
                    }
                    out.put(spec.name(), t);
                }
            }
            if (count) {
                metrics.success(System.nanoTime() - start, rows);
            }
            return out;
        } catch (InferenceException e) {
            fail(start, count);
            throw e;
        } catch (OrtException | RuntimeException e) {
            fail(start, count);
            throw new InferenceException("model " + descriptor.name() + " " + descriptor.version() + ": "
                    + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : onnx.values()) {
                t.close();
            }
        }
    }

    private void fail(long start, boolean count) {
        if (count) {
            metrics.failure(System.nanoTime() - start);
        }
    }

    /** @return the batch size (dimension 0 of the first input, 1 for scalars) */
    private long validate(Map<String, Tensor> inputs) throws InferenceException {
        String what = descriptor.name() + " " + descriptor.version();
        for (String name : inputs.keySet()) {
            if (!inputSpecs.containsKey(name)) {
                throw new InferenceException("model " + what + " has no input " + name + "; its inputs are "
                        + inputSpecs.keySet());
            }
        }
        long rows = -1;
        for (TensorSpec spec : descriptor.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new InferenceException("model " + what + ": input " + spec.name() + " is missing ("
                        + spec.format() + ")");
            }
            if (t.type() != spec.type()) {
                throw new InferenceException("model " + what + ": input " + spec.name() + " is " + t.type()
                        + ", the model takes " + spec.format());
            }
            long[] shape = t.shape();
            if (!spec.accepts(shape)) {
                throw new InferenceException("model " + what + ": input " + spec.name() + " has shape "
                        + Arrays.toString(shape) + ", the model takes " + spec.format() + " (-1 = any size)");
            }
            long r = shape.length == 0 ? 1 : shape[0];
            if (r > maxBatchRows) {
                throw new InferenceException("model " + what + ": input " + spec.name() + " has " + r
                        + " rows, more than the " + maxBatchRows + " allowed per call (maxBatchRows)");
            }
            if (rows < 0) {
                rows = r;
            }
        }
        return Math.max(rows, 1);
    }

    LatencyHistogram metrics() {
        return metrics;
    }

    boolean tryAcquire() {
        for (;;) {
            int r = refs.get();
            if (r == 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            close(session, runOptions, descriptor.name() + " " + descriptor.version());
        }
    }

    /** Drops the registry's reference (once): the session closes when the last call in flight returns. */
    void retire() {
        if (retired.compareAndSet(false, true)) {
            release();
        }
    }

    boolean isClosed() {
        return refs.get() == 0;
    }

    private static void close(OrtSession session, OrtSession.@Nullable RunOptions runOptions, String what) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.warn("closing the ONNX Runtime session of model {} failed: {}", what, e.toString());
        }
        if (runOptions != null) {
            runOptions.close();
        }
        LOG.debug("model {} unloaded", what);
    }
}
