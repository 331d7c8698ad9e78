// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.inference.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.osgi.framework.Version;

import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceException;
import io.weir.inference.InferenceResult;
import io.weir.inference.Model;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;

/**
 * A hand-written engine for tests: one active version per model name, switched with {@link #activate}; runs check
 * the inputs against the specs as a real engine does and compute the outputs with a plain Java function. Records
 * every run's inputs. Thread-safe.
 */
public final class FakeEngine implements InferenceEngine {

    /** Computes one version's outputs from its inputs. */
    @FunctionalInterface
    public interface Computation {
        Map<String, Tensor> compute(Map<String, Tensor> inputs) throws InferenceException;
    }

    private record Loaded(ModelDescriptor descriptor, Computation computation) implements Model {
        @Override
        public Map<String, Tensor> run(Map<String, Tensor> inputs) throws InferenceException {
            check(descriptor, inputs);
            return computation.compute(inputs);
        }
    }

    private final Map<String, Loaded> active = new ConcurrentHashMap<>();
    private final List<Map<String, Tensor>> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile @Nullable Runnable beforeRun;

    /** Makes {@code descriptor} the active version of its model. */
    public FakeEngine activate(ModelDescriptor descriptor, Computation computation) {
        active.put(descriptor.name(), new Loaded(descriptor, computation));
        return this;
    }

    /** Unloads every version of a model. */
    public void unload(String name) {
        active.remove(name);
    }

    /** Runs this before choosing the version of each run call (for example to swap the version mid-call). */
    public void beforeRun(@Nullable Runnable hook) {
        this.beforeRun = hook;
    }

    /** @return the inputs of every run so far */
    public List<Map<String, Tensor>> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    @Override
    public List<ModelDescriptor> models() {
        List<ModelDescriptor> result = new ArrayList<>();
        active.values().forEach(l -> result.add(l.descriptor()));
        result.sort(Comparator.comparing(ModelDescriptor::name));
        return result;
    }

    @Override
    public @Nullable Model model(String name) {
        return active.get(name);
    }

    /** @return no statuses: the fake has no install history */
    @Override
    public List<ModelStatus> status() {
        return List.of();
    }

    @Override
    public InferenceResult run(String modelName, Map<String, Tensor> inputs) throws InferenceException {
        Runnable hook = beforeRun;
        if (hook != null) {
            hook.run();
        }
        calls.add(Map.copyOf(inputs));
        Loaded l = active.get(modelName);
        if (l == null) {
            throw new InferenceException("model " + modelName + " is not loaded");
        }
        return new InferenceResult(l.descriptor(), l.run(inputs));
    }

    static void check(ModelDescriptor d, Map<String, Tensor> inputs) throws InferenceException {
        for (TensorSpec spec : d.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new InferenceException("model " + d.name() + " " + d.version() + ": input " + spec.name()
                        + " is missing");
            }
            if (t.type() != spec.type() || !spec.accepts(t.shape())) {
                throw new InferenceException("model " + d.name() + " " + d.version() + ": input " + spec.name()
                        + " is " + t + ", expected " + spec);
            }
        }
    }

    /**
     * @param name model name
     * @param version model version
     * @param inputs input specs, for example {@code "input:FLOAT:-1x2"}
     * @param outputs output specs
     * @param metadata name, value, name, value ...
     */
    public static ModelDescriptor descriptor(String name, String version, List<String> inputs, List<String> outputs,
            String... metadata) {
        Map<String, String> md = new LinkedHashMap<>();
        for (int i = 0; i < metadata.length; i += 2) {
            md.put(metadata[i], metadata[i + 1]);
        }
        return new ModelDescriptor(name, Version.parseVersion(version), "onnx",
                inputs.stream().map(TensorSpec::parse).toList(), outputs.stream().map(TensorSpec::parse).toList(), md);
    }

    /**
     * @param output the output name
     * @param f from the single input's elements (as doubles) to the output's elements, shaped {@code [1, n]}
     * @return a computation for models with one numeric input
     */
    public static Computation rowFunction(String output, Function<double[], double[]> f) {
        return inputs -> {
            Tensor in = inputs.values().iterator().next();
            double[] x = new double[in.size()];
            switch (in.type()) {
                case FLOAT -> {
                    float[] a = in.toFloatArray();
                    for (int i = 0; i < a.length; i++) {
                        x[i] = a[i];
                    }
                }
                case DOUBLE -> x = in.toDoubleArray();
                default -> throw new InferenceException("unexpected input type " + in.type());
            }
            double[] y = f.apply(x);
            float[] out = new float[y.length];
            for (int i = 0; i < y.length; i++) {
                out[i] = (float) y[i];
            }
            return Map.of(output, Tensor.ofFloats(new long[] {1, y.length}, out));
        };
    }
}
