// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.weir.inference.ElementType;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;
import io.weir.inference.onnx.convert.OnnxTensors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model served: an ONNX Runtime session whose inputs and outputs were checked against the specs its model bundle
 * declares. {@link #run} may be called from several workers at once (ONNX Runtime sessions are thread-safe); {@link
 * #close()} only once no call is in flight.
 */
final class OnnxModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OnnxModel.class);

    private final String service;
    private final ModelDescriptor descriptor;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, TensorSpec> inputSpecs = new LinkedHashMap<>();

    private OnnxModel(String service, ModelDescriptor descriptor, OrtEnvironment env, OrtSession session) {
        this.service = service;
        this.descriptor = descriptor;
        this.env = env;
        this.session = session;
        for (TensorSpec s : descriptor.inputs()) {
            inputSpecs.put(s.name(), s);
        }
    }

    /**
     * Creates the session, checks the file against the declared specs and runs it once on zeros.
     *
     * @param model the ONNX file's bytes
     * @param intraOpThreads ONNX Runtime threads per call
     * @return the loaded model
     * @throws IllegalArgumentException naming the model and what is wrong; nothing stays open
     */
    static OnnxModel load(OrtEnvironment env, ModelDescriptor descriptor, byte[] model, int intraOpThreads) {
        String what = descriptor.name() + " " + descriptor.version();
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // idle pool threads sleep instead of spinning: workers x intra-op threads may exceed the cores
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("model " + what + ": ONNX Runtime cannot load the file: "
                    + e.getMessage(), e);
        }
        try {
            checkSpecs(what, "input", descriptor.inputs(), session.getInputInfo());
            checkSpecs(what, "output", descriptor.outputs(), session.getOutputInfo());
            OnnxModel m = new OnnxModel(OffloadProtocol.INFERENCE_PREFIX + descriptor.name(), descriptor, env,
                    session);
            Map<String, Tensor> zeros = new HashMap<>();
            for (TensorSpec s : descriptor.inputs()) {
                zeros.put(s.name(), OnnxTensors.zeros(s.type(), s.shape()));
            }
            m.run(zeros);
            return m;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("model " + what + " fails on zero inputs: " + e.getMessage(), e);
        }
    }

    private static void checkSpecs(String what, String kind, List<TensorSpec> declared, Map<String, NodeInfo> actual) {
        List<String> problems = new ArrayList<>();
        Map<String, NodeInfo> rest = new LinkedHashMap<>(actual);
        for (TensorSpec d : declared) {
            NodeInfo n = rest.remove(d.name());
            if (n == null) {
                problems.add(kind + " " + d.name() + " is declared but the file has no such " + kind);
            } else if (!(n.getInfo() instanceof TensorInfo ti)) {
                problems.add(kind + " " + d.name() + " is not a tensor in the file");
            } else {
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
        }
        for (String undeclared : rest.keySet()) {
            problems.add("the file has " + kind + " " + undeclared + ", which the capability does not declare");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("model " + what + " does not match its declared specs: "
                    + String.join("; ", problems));
        }
    }

    String service() {
        return service;
    }

    ModelDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Checks inputs against the model's specs: every declared input present and no other, the element type equal,
     * the rank equal and every fixed dimension equal.
     *
     * @return what is wrong, for the result's {@code error}; {@code null} if the inputs fit
     */
    @Nullable String check(Map<String, Tensor> inputs) {
        for (String name : inputs.keySet()) {
            if (!inputSpecs.containsKey(name)) {
                return service + " has no input '" + name + "'; it takes " + formats(descriptor.inputs());
            }
        }
        for (TensorSpec spec : descriptor.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                return "input '" + spec.name() + "' is missing; " + service + " takes " + formats(descriptor.inputs());
            }
            if (t.type() != spec.type()) {
                return "input '" + spec.name() + "' is " + t.type() + "; " + service + " takes " + spec.format();
            }
            if (!spec.accepts(t.shape())) {
                return "input '" + spec.name() + "' has shape " + Arrays.toString(t.shape()) + "; " + service
                        + " takes " + spec.format() + " (-1 = any size)";
            }
        }
        return null;
    }

    private static String formats(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::format).toList().toString();
    }

    /**
     * Runs the model on inputs that passed {@link #check}.
     *
     * @return the outputs in declared order, each checked against its spec
     * @throws OrtException if ONNX Runtime fails
     * @throws IllegalStateException if an output does not match its spec
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> onnx = new HashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                onnx.put(e.getKey(), OnnxTensors.toOnnx(env, e.getValue()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(onnx)) {
                for (TensorSpec spec : descriptor.outputs()) {
                    OnnxValue v = result.get(spec.name()).orElseThrow(
                            () -> new IllegalStateException("ONNX Runtime returned no output " + spec.name()));
                    Tensor t = OnnxTensors.fromOnnx(spec.name(), v);
                    if (t.type() != spec.type() || !spec.accepts(t.shape())) {
                        throw new IllegalStateException("output " + spec.name() + " is " + t + ", declared "
                                + spec.format());
                    }
                    out.put(spec.name(), t);
                }
            }
            return out;
        } finally {
            for (OnnxTensor t : onnx.values()) {
                t.close();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            // closing a session frees native memory; a failure leaves nothing to do but to go on
            LOG.warn("closing an ONNX Runtime session failed: {}", e.toString());
        }
    }
}
