// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.weir.inference.InferenceEngine;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;
import io.weir.inference.onnx.convert.OnnxTensors;

/**
 * Where the engine's time goes, at batch 1 and 64: the same call built up step by step from raw ONNX Runtime to {@code
 * InferenceEngine.run}, each step measured like the benchmark's cases (interleaved slices, median of rounds), in
 * CPU time and bytes allocated per call; the difference between two steps is what the later one adds. Run by
 * {@code benchmarks/inference/run --breakdown [rounds] [seconds]}.
 */
final class OverheadBreakdown {

    private OverheadBreakdown() {
    }

    /** One step: a caller that does more of the engine's work than the step before. */
    private abstract static class Step extends InferenceBenchmark.Caller {
        Step(String label, int batch, int width) {
            super(label, batch, width);
        }

        @Override
        Map<String, double[]> outputs(float[] x) {
            throw new UnsupportedOperationException();
        }
    }

    static void run(BenchModel model, float[][] rows, int rounds, double seconds) throws Exception {
        for (int batch : new int[] { 1, 64 }) {
            run(model, InferenceBenchmark.batchesOf(rows, batch), batch, rounds, seconds);
        }
    }

    private static void run(BenchModel model, float[][] inputs, int batch, int rounds, double seconds)
            throws Exception {
        ModelDescriptor d = model.descriptor();
        TensorSpec in = d.inputs().get(0);
        int width = (int) in.shape()[1];
        try (EngineHarness h = new EngineHarness()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            h.offer(new Candidate(d, model.onnx(), 1, "bench bundle 1"));
            h.idle();
            InferenceEngine engine = h.api();
            LoadedModel m = (LoadedModel) engine.model(d.name());
            OrtSession session;
            try (OrtSession.SessionOptions o = InferenceBenchmark.rawOptions(h.settings())) {
                session = env.createSession(model.onnx(), o);
            }
            long[] shape = { batch, width };
            FloatBuffer direct = java.nio.ByteBuffer.allocateDirect(batch * width * 4)
                    .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            String input = in.name();
            List<Step> steps = new ArrayList<>();
            steps.add(new Step("0 raw, one direct input buffer reused (no copy into a new direct buffer)", batch,
                    width) {
                @Override
                double call(float[] x) throws Exception {
                    direct.clear();
                    direct.put(x).flip();
                    try (OnnxTensor t = OnnxTensor.createTensor(env, direct, shape);
                            OrtSession.Result r = session.run(Map.of(input, t))) {
                        double s = 0;
                        for (Map.Entry<String, OnnxValue> e : r) {
                            s += ((OnnxTensor) e.getValue()).getFloatBuffer().get(0);
                        }
                        return s;
                    }
                }
            });
            steps.add(new Step("1 raw: OnnxTensor from FloatBuffer.wrap, run, getFloatBuffer", batch, width) {
                @Override
                double call(float[] x) throws Exception {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                            OrtSession.Result r = session.run(Map.of(input, t))) {
                        double s = 0;
                        for (Map.Entry<String, OnnxValue> e : r) {
                            s += ((OnnxTensor) e.getValue()).getFloatBuffer().get(0);
                        }
                        return s;
                    }
                }
            });
            steps.add(new Step("2 + Tensor in/out (Tensor.ofFloats, OnnxTensors.toOnnx/fromOnnx, HashMap, LinkedHashMap)",
                    batch, width) {
                @Override
                double call(float[] x) throws Exception {
                    Tensor tin = Tensor.ofFloats(shape, x);
                    Map<String, OnnxTensor> onnx = new HashMap<>();
                    try {
                        onnx.put(input, OnnxTensors.toOnnx(env, tin));
                        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
                        try (OrtSession.Result r = session.run(onnx)) {
                            for (TensorSpec spec : d.outputs()) {
                                OnnxValue v = r.get(spec.name()).orElseThrow();
                                out.put(spec.name(), OnnxTensors.fromOnnx(spec.name(), v));
                            }
                        }
                        return out.values().iterator().next().floatBuffer().get(0);
                    } finally {
                        for (OnnxTensor t : onnx.values()) {
                            t.close();
                        }
                    }
                }
            });
            steps.add(new Step("3 LoadedModel.infer(count=false): + validation, output spec check", batch, width) {
                @Override
                double call(float[] x) throws Exception {
                    return m.infer(Map.of(input, Tensor.ofFloats(shape, x)), false).values().iterator().next()
                            .floatBuffer().get(0);
                }
            });
            steps.add(new Step("4 LoadedModel.infer(count=true): + metrics (LatencyHistogram)", batch, width) {
                @Override
                double call(float[] x) throws Exception {
                    return m.infer(Map.of(input, Tensor.ofFloats(shape, x)), true).values().iterator().next()
                            .floatBuffer().get(0);
                }
            });
            steps.add(new Step("5 InferenceEngine.run: + lookup, acquire/release, InferenceResult", batch, width) {
                @Override
                double call(float[] x) throws Exception {
                    return engine.run(d.name(), Map.of(input, Tensor.ofFloats(shape, x))).outputs().values()
                            .iterator().next().floatBuffer().get(0);
                }
            });
            List<InferenceBenchmark.Tally> tallies = new ArrayList<>();
            for (Step s : steps) {
                tallies.add(new InferenceBenchmark.Tally(s, inputs, 1 << 21));
            }
            List<List<InferenceBenchmark.Round>> results = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                results.add(new ArrayList<>());
            }
            for (int r = -1; r < rounds; r++) { // round -1: warm-up
                System.gc();
                for (InferenceBenchmark.Tally t : tallies) {
                    t.reset();
                }
                int slices = Math.max(1, (int) Math.round(seconds * 1000 / InferenceBenchmark.SLICE_MS));
                for (int k = 0; k < slices; k++) {
                    for (int i = 0; i < tallies.size(); i++) {
                        int j = k % 2 == 0 ? i : tallies.size() - 1 - i;
                        InferenceBenchmark.slice(tallies.get(j), InferenceBenchmark.SLICE_MS * 1_000_000L);
                    }
                }
                if (r >= 0) {
                    for (int i = 0; i < tallies.size(); i++) {
                        results.get(i).add(tallies.get(i).round());
                    }
                }
            }
            InferenceBenchmark.OUT.printf(Locale.ROOT, "%nbreakdown at batch %d (%s %s; median of %d rounds of %.1f s "
                    + "per step):%n%-92s %9s %9s %9s %9s%n", batch, d.name(), d.version(), rounds, seconds, "step",
                    "cpu µs", "+cpu µs", "B/call", "+B/call");
            double prevCpu = 0;
            double prevBytes = 0;
            for (int i = 0; i < steps.size(); i++) {
                double cpu = median(results.get(i).stream().mapToDouble(InferenceBenchmark.Round::cpuNanosPerCall)
                        .toArray()) / 1e3;
                double bytes = median(results.get(i).stream().mapToDouble(InferenceBenchmark.Round::bytesPerCall)
                        .toArray());
                InferenceBenchmark.OUT.printf(Locale.ROOT, "%-92s %9.2f %9s %,9.0f %9s%n", steps.get(i).label, cpu,
                        i <= 1 ? "" : String.format(Locale.ROOT, "%+.2f", cpu - prevCpu), bytes,
                        i <= 1 ? "" : String.format(Locale.ROOT, "%+,.0f", bytes - prevBytes));
                prevCpu = cpu;
                prevBytes = bytes;
            }
            session.close();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
