// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.weir.inference.ElementType;
import io.weir.inference.InferenceEngine;
import io.weir.inference.InferenceResult;
import io.weir.inference.ModelDescriptor;
import io.weir.inference.ModelMetadata;
import io.weir.inference.ModelStatus;
import io.weir.inference.Tensor;
import io.weir.inference.TensorSpec;

import org.osgi.framework.Version;

/**
 * Throughput and per-call latency of the ONNX inference engine ({@link OnnxInferenceEngine#run}: registry → serving
 * version → validation, Tensor → OnnxTensor, session.run, OnnxTensor → Tensor, metrics) against raw ONNX Runtime
 * ({@code OnnxTensor.createTensor} from the same floats, {@code session.run}, read the outputs, close) on the same
 * model, inputs and session options, in the same JVM and run; at 1 and 64 rows per call. Then the swap time of a new
 * model version (handed to the registry on its loader thread until the first call it answers) against a raw
 * {@code createSession} of the same bytes plus one call.
 */
public final class InferenceBenchmark {

    static final PrintStream OUT = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private static final int ROWS = 16_384;
    private static final long SEED = 20_260_101L;
    static final int SLICE_MS = 50;
    private static volatile double blackhole;

    private InferenceBenchmark() {
    }

    /** One way of making one call: returns a checksum of the outputs, so that nothing is optimised away. */
    abstract static class Caller {
        final String label;
        final int batch;
        final long[] shape;

        Caller(String label, int batch, int width) {
            this.label = label;
            this.batch = batch;
            this.shape = new long[] { batch, width };
        }

        abstract double call(float[] x) throws Exception;

        abstract Map<String, double[]> outputs(float[] x) throws Exception;
    }

    /** Through the engine, as the gateway's inference stage calls it. */
    static final class EngineCaller extends Caller {
        private final InferenceEngine engine;
        private final String model;
        private final String input;

        EngineCaller(InferenceEngine engine, String model, String input, int batch, int width) {
            super("engine", batch, width);
            this.engine = engine;
            this.model = model;
            this.input = input;
        }

        InferenceResult run(float[] x) throws Exception {
            return engine.run(model, Map.of(input, Tensor.ofFloats(shape, x)));
        }

        @Override
        double call(float[] x) throws Exception {
            double s = 0;
            for (Tensor t : run(x).outputs().values()) {
                s += sum(t);
            }
            return s;
        }

        @Override
        Map<String, double[]> outputs(float[] x) throws Exception {
            Map<String, double[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : run(x).outputs().entrySet()) {
                out.put(e.getKey(), values(e.getValue()));
            }
            return out;
        }

        private static double sum(Tensor t) {
            double s = 0;
            switch (t.type()) {
                case FLOAT -> {
                    FloatBuffer b = t.floatBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case DOUBLE -> {
                    DoubleBuffer b = t.doubleBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case INT64 -> {
                    LongBuffer b = t.longBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case INT32 -> {
                    IntBuffer b = t.intBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                default -> s += t.size();
            }
            return s;
        }

        private static double[] values(Tensor t) {
            return switch (t.type()) {
                case FLOAT -> { float[] f = t.toFloatArray(); double[] d = new double[f.length];
                    for (int i = 0; i < f.length; i++) { d[i] = f[i]; } yield d; }
                case DOUBLE -> t.toDoubleArray();
                case INT64 -> Arrays.stream(t.toLongArray()).asDoubleStream().toArray();
                case INT32 -> Arrays.stream(t.toIntArray()).asDoubleStream().toArray();
                default -> new double[] { t.size() };
            };
        }
    }

    /** Raw ONNX Runtime on its own session with the engine's default options. */
    static final class RawCaller extends Caller {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final String input;

        RawCaller(OrtEnvironment env, OrtSession session, String input, int batch, int width) {
            super("raw", batch, width);
            this.env = env;
            this.session = session;
            this.input = input;
        }

        @Override
        double call(float[] x) throws OrtException {
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                    OrtSession.Result r = session.run(Map.of(input, t))) {
                double s = 0;
                for (Map.Entry<String, OnnxValue> e : r) {
                    s += sum((OnnxTensor) e.getValue());
                }
                return s;
            }
        }

        @Override
        Map<String, double[]> outputs(float[] x) throws OrtException {
            Map<String, double[]> out = new LinkedHashMap<>();
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                    OrtSession.Result r = session.run(Map.of(input, t))) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    OnnxTensor o = (OnnxTensor) e.getValue();
                    double[] d;
                    switch (o.getInfo().type) {
                        case FLOAT -> { FloatBuffer b = o.getFloatBuffer(); d = new double[b.remaining()];
                            for (int i = 0; i < d.length; i++) { d[i] = b.get(i); } }
                        case DOUBLE -> { DoubleBuffer b = o.getDoubleBuffer(); d = new double[b.remaining()];
                            b.get(d); }
                        case INT64 -> d = Arrays.stream(toArray(o.getLongBuffer())).asDoubleStream().toArray();
                        case INT32 -> { IntBuffer b = o.getIntBuffer(); d = new double[b.remaining()];
                            for (int i = 0; i < d.length; i++) { d[i] = b.get(i); } }
                        default -> d = new double[] { o.getInfo().getNumElements() };
                    }
                    out.put(e.getKey(), d);
                }
            }
            return out;
        }

        private static long[] toArray(LongBuffer b) {
            long[] a = new long[b.remaining()];
            b.get(a);
            return a;
        }

        private static double sum(OnnxTensor o) {
            double s = 0;
            switch (o.getInfo().type) {
                case FLOAT -> {
                    FloatBuffer b = o.getFloatBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case DOUBLE -> {
                    DoubleBuffer b = o.getDoubleBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case INT64 -> {
                    LongBuffer b = o.getLongBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                case INT32 -> {
                    IntBuffer b = o.getIntBuffer();
                    for (int i = 0, n = b.limit(); i < n; i++) {
                        s += b.get(i);
                    }
                }
                default -> s += o.getInfo().getNumElements();
            }
            return s;
        }
    }

    /** The figures of one caller in one round. */
    record Round(double callsPerSecond, double rowsPerSecond, long p50Nanos, long p99Nanos, double cpuNanosPerCall,
            double bytesPerCall, long gcMillis) {
    }

    /** What one caller accumulates over the slices of one round. */
    static final class Tally {
        final Caller caller;
        final float[][] inputs;
        final long[] lat;
        int next;
        long calls;
        long wallNanos;
        long cpuNanos;
        long bytes;
        long gcMillis;

        Tally(Caller caller, float[][] inputs, int latencies) {
            this.caller = caller;
            this.inputs = inputs;
            this.lat = new long[latencies];
        }

        void reset() {
            calls = wallNanos = cpuNanos = bytes = gcMillis = 0;
        }

        Round round() {
            int m = (int) Math.min(calls, lat.length);
            Arrays.sort(lat, 0, m);
            long p50 = lat[(int) Math.ceil(0.50 * m) - 1];
            long p99 = lat[(int) Math.ceil(0.99 * m) - 1];
            return new Round(calls * 1e9 / wallNanos, (double) calls * caller.batch * 1e9 / wallNanos, p50, p99,
                    (double) cpuNanos / calls, (double) bytes / calls, gcMillis);
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, b.getCollectionTime());
        }
        return t;
    }

    /** Calls for {@code nanos} of wall time, timing every call; the caller's inputs in turn. */
    static void slice(Tally t, long nanos) throws Exception {
        Caller c = t.caller;
        float[][] inputs = t.inputs;
        long[] lat = t.lat;
        int mask = lat.length - 1;
        double sink = 0;
        long n = t.calls;
        int i = t.next;
        long gc0 = gcMillis();
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + nanos;
        long prev = start;
        while (prev < deadline) {
            sink += c.call(inputs[i]);
            if (++i == inputs.length) {
                i = 0;
            }
            long now = System.nanoTime();
            lat[(int) n & mask] = now - prev;
            n++;
            prev = now;
        }
        t.cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu0;
        t.bytes += THREADS.getCurrentThreadAllocatedBytes() - a0;
        t.gcMillis += gcMillis() - gc0;
        t.wallNanos += prev - start;
        t.calls = n;
        t.next = i;
        blackhole += sink;
    }

    /**
     * One round of an engine/raw pair: {@code seconds} of calls each, in interleaved slices of {@value #SLICE_MS} ms
     * (ABBA order), so that both see the same load of a shared machine.
     */
    static Round[] round(Tally engine, Tally raw, double seconds) throws Exception {
        System.gc();
        engine.reset();
        raw.reset();
        long slice = SLICE_MS * 1_000_000L;
        int slices = Math.max(1, (int) Math.round(seconds * 1000 / SLICE_MS));
        for (int k = 0; k < slices; k++) {
            boolean engineFirst = k % 2 == 0;
            slice(engineFirst ? engine : raw, slice);
            slice(engineFirst ? raw : engine, slice);
        }
        return new Round[] { engine.round(), raw.round() };
    }

    /** @return raw session options equal to what the engine's {@link SessionSettings#newOptions()} makes */
    static SessionOptions rawOptions(SessionSettings s) throws OrtException {
        SessionOptions o = new SessionOptions();
        o.setIntraOpNumThreads(s.intraOpThreads());
        o.setInterOpNumThreads(s.interOpThreads());
        o.setOptimizationLevel(s.optLevel());
        o.setExecutionMode(s.interOpThreads() == 1 ? SessionOptions.ExecutionMode.SEQUENTIAL
                : SessionOptions.ExecutionMode.PARALLEL);
        o.addConfigEntry("session.intra_op.allow_spinning", "0");
        o.addConfigEntry("session.inter_op.allow_spinning", "0");
        if (s.arena() == SessionSettings.Arena.OFF) {
            o.setCPUArenaAllocator(false);
            o.setMemoryPatternOptimization(false);
        }
        return o;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        double seconds = 2.0;
        int swaps = 20;
        Path modelJar = null;
        boolean breakdown = false;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--model=")) {
                modelJar = Path.of(a.substring("--model=".length()));
            } else if (a.equals("--breakdown")) {
                breakdown = true;
            } else if (a.startsWith("--swaps=")) {
                try {
                    swaps = Integer.parseInt(a.substring("--swaps=".length()));
                } catch (NumberFormatException e) {
                    usage(e.getMessage());
                }
            } else if (a.startsWith("--")) {
                usage("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        try {
            if (positional.size() > 0) {
                rounds = Integer.parseInt(positional.get(0));
            }
            if (positional.size() > 1) {
                seconds = Double.parseDouble(positional.get(1));
            }
        } catch (NumberFormatException e) {
            usage(e.getMessage());
        }
        if (positional.size() > 2 || rounds < 1 || !(seconds > 0) || swaps < 1) {
            usage("rounds, seconds and swaps must be positive numbers; got " + String.join(" ", args));
        }

        BenchModel model;
        if (modelJar != null && Files.isRegularFile(modelJar)) {
            model = BenchModel.shipped(modelJar);
        } else {
            String why = "inference-benchmark: WARNING: the shipped model " + BenchModel.SHIPPED + " is not installed"
                    + (modelJar == null ? "" : " (no " + modelJar + ")") + "; measuring the FALLBACK test model "
                    + "instead (figures are not the shipped model's; install models/weir-model-vibration and run again)";
            OUT.println(why);
            model = BenchModel.fallback();
        }
        ModelDescriptor d = model.descriptor();
        if (d.inputs().size() != 1 || d.inputs().get(0).type() != ElementType.FLOAT || d.inputs().get(0).rank() != 2
                || d.inputs().get(0).shape()[1] < 1) {
            throw new IllegalStateException("the benchmark needs one FLOAT input [-1, n]; the model has " + d.inputs());
        }
        TensorSpec in = d.inputs().get(0);
        int width = (int) in.shape()[1];
        float[][] rows = inputRows(d, width);
        if (breakdown) {
            OverheadBreakdown.run(model, rows, rounds, seconds);
            return;
        }

        try (EngineHarness h = new EngineHarness()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment(); // the engine's: it made it first
            SessionSettings settings = h.settings();
            InferenceEngine engine = h.api();
            long bundleId = 1;
            h.offer(new Candidate(d, model.onnx(), bundleId, "bench bundle " + bundleId));
            awaitServing(engine, d.name(), d.version());

            OrtSession session;
            try (SessionOptions o = rawOptions(settings)) {
                session = env.createSession(model.onnx(), o);
            }
            OUT.printf(Locale.ROOT, "inference benchmark: model %s %s from %s, %,d bytes; input %s, outputs %s%n",
                    d.name(), d.version(), model.source(), model.onnx().length, in.format(),
                    d.outputs().stream().map(TensorSpec::format).toList());
            OUT.printf(Locale.ROOT, "session options (engine defaults, same for raw): intra-op %d, inter-op %d, %s, "
                    + "arena %s, spinning off; engine warm-up runs %d; ONNX Runtime %s; %d rounds x %.1f s "
                    + "(+2 warm-up) per case, %d swaps; %d cores, Java %s%n", settings.intraOpThreads(),
                    settings.interOpThreads(), settings.optLevel(), settings.arena(), settings.warmupRuns(),
                    env.getVersion(), rounds, seconds, swaps, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.version"));

            int[] batches = { 1, 64 };
            List<Caller> cases = new ArrayList<>();
            List<float[][]> inputs = new ArrayList<>();
            for (int b : batches) {
                float[][] x = batchesOf(rows, b);
                cases.add(new EngineCaller(engine, d.name(), in.name(), b, width));
                inputs.add(x);
                cases.add(new RawCaller(env, session, in.name(), b, width));
                inputs.add(x);
            }
            check(cases, inputs);

            List<Tally> tallies = new ArrayList<>();
            for (int c = 0; c < cases.size(); c++) {
                tallies.add(new Tally(cases.get(c), inputs.get(c), 1 << 21));
            }
            for (int w = 0; w < 2; w++) {
                for (int c = 0; c < cases.size(); c += 2) {
                    round(tallies.get(c), tallies.get(c + 1), seconds / 2);
                }
            }
            List<List<Round>> results = new ArrayList<>();
            for (int c = 0; c < cases.size(); c++) {
                results.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                Round[] got = new Round[cases.size()];
                for (int c = 0; c < cases.size(); c += 2) {
                    Round[] pair = round(tallies.get(c), tallies.get(c + 1), seconds);
                    got[c] = pair[0];
                    got[c + 1] = pair[1];
                    results.get(c).add(pair[0]);
                    results.get(c + 1).add(pair[1]);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r + 1));
                for (int c = 0; c < cases.size(); c++) {
                    Caller k = cases.get(c);
                    Round x = got[c];
                    line.append(String.format(Locale.ROOT, "%s b%d %s %,.0f rows/s p50/p99 %.1f/%.1f µs cpu %.1f µs "
                            + "%,.0f B", c == 0 ? "" : (c % 2 == 0 ? " ||" : " |"), k.batch, k.label,
                            x.rowsPerSecond, x.p50Nanos / 1e3, x.p99Nanos / 1e3, x.cpuNanosPerCall / 1e3,
                            x.bytesPerCall));
                    if (c % 2 == 1) {
                        line.append(String.format(Locale.ROOT, " (%.2fx)", got[c].callsPerSecond
                                / got[c - 1].callsPerSecond));
                    }
                }
                OUT.println(line);
            }

            // ---- swaps: each kind once per iteration, interleaved ----
            Swaps sw = new Swaps(h, (EngineCaller) cases.get(0), model, bundleId);
            List<Double> idle = new ArrayList<>();
            List<Double> busy = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            List<Double> raw = new ArrayList<>();
            List<Double> served = new ArrayList<>();
            List<Double> pickup = new ArrayList<>();
            List<Double> add = new ArrayList<>();
            int warmSwaps = 2;
            for (int s = 1; s <= swaps + warmSwaps; s++) {
                float[] x = inputs.get(0)[s % inputs.get(0).length];
                double[] i = sw.engine(x, false);
                double[] b = sw.engine(x, true);
                double l = sw.direct(env, settings);

                System.gc();
                long t1 = System.nanoTime();
                OrtSession fresh;
                try (SessionOptions o = rawOptions(settings)) {
                    fresh = env.createSession(model.onnx(), o);
                }
                blackhole += new RawCaller(env, fresh, in.name(), 1, width).call(x);
                double rawMs = (System.nanoTime() - t1) / 1e6;
                fresh.close();
                if (s > warmSwaps) {
                    idle.add(i[0]);
                    pickup.add(i[2]);
                    add.add(i[3]);
                    busy.add(b[0]);
                    served.add(b[1]);
                    direct.add(l);
                    raw.add(rawMs);
                }
            }
            session.close();
            report(d, model, cases, results, rounds, new Swapped(idle, busy, served, pickup, add, direct, raw));
        }
    }

    /** Hands new versions of the model to the engine and times how soon they answer. */
    static final class Swaps {
        private final EngineHarness h;
        private final EngineCaller probe;
        private final BenchModel model;
        private long bundleId;
        private int micro;

        Swaps(EngineHarness h, EngineCaller probe, BenchModel model, long bundleId) {
            this.h = h;
            this.probe = probe;
            this.model = model;
            this.bundleId = bundleId;
        }

        private Version next() {
            Version base = model.descriptor().version();
            return new Version(base.getMajor(), base.getMinor(), base.getMicro() + ++micro, base.getQualifier());
        }

        /**
         * Offers the next version as a new bundle (the tracker's addingBundle: registry.add on the loader thread),
         * then calls the model by name until that version answers: back to back ({@code busy}, as a pipeline under
         * load), or one call every 50 µs. Then removes the previous bundle (untimed).
         *
         * @return milliseconds until the new version answered, the calls the old version answered meanwhile, the
         *         milliseconds until the loader thread started on it, and those it spent in registry.add (which
         *         includes closing the old version's session after the swap)
         */
        double[] engine(float[] x, boolean busy) throws Exception {
            Version v = next();
            long id = bundleId + 1;
            Candidate c = new Candidate(model.withVersion(v), model.onnx(), id, "bench bundle " + id);
            System.gc();
            int old = 0;
            long t0 = System.nanoTime();
            h.offer(c);
            for (;;) {
                InferenceResult r = probe.run(x);
                if (r.model().version().equals(v)) {
                    break;
                }
                old++;
                if (System.nanoTime() - t0 > 60_000_000_000L) {
                    throw new IllegalStateException("version " + v + " did not serve within 60 s: "
                            + h.api().status());
                }
                if (!busy) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            h.idle();
            double pickup = (h.loaderStart - t0) / 1e6;
            double add = (h.loaderEnd - h.loaderStart) / 1e6;
            h.remove(bundleId);
            bundleId = id;
            return new double[] { ms, old, pickup, add };
        }

        /** @return milliseconds of LoadedModel.load (session, spec check, warm-up runs) on this thread */
        double direct(OrtEnvironment env, SessionSettings settings) throws Exception {
            System.gc();
            long t0 = System.nanoTime();
            LoadedModel m = LoadedModel.load(env, settings, model.withVersion(next()), model.onnx(), -1);
            double ms = (System.nanoTime() - t0) / 1e6;
            m.retire();
            return ms;
        }
    }

    /** The swap times, in ms (and calls answered by the old version), one entry per swap. */
    record Swapped(List<Double> idle, List<Double> busy, List<Double> served, List<Double> pickup, List<Double> add,
            List<Double> direct, List<Double> raw) {
    }

    /** @return the median over rounds of one figure's engine/raw quotient, each round's pair measured together */
    private static double pairedRatio(List<Round> engine, List<Round> raw, java.util.function.ToDoubleFunction<Round> f,
            boolean higherIsBetter) {
        double[] q = new double[engine.size()];
        for (int r = 0; r < q.length; r++) {
            double e = f.applyAsDouble(engine.get(r));
            double w = f.applyAsDouble(raw.get(r));
            q[r] = higherIsBetter ? w / e : e / w;
        }
        return median(q);
    }

    private static void usage(String problem) {
        System.err.println("inference-benchmark: " + problem);
        System.err.println("usage: benchmarks/inference/run [rounds] [seconds-per-round] [--swaps=N] [--model=JAR] "
                + "[--breakdown]");
        System.exit(2);
    }

    private static void report(ModelDescriptor d, BenchModel model, List<Caller> cases, List<List<Round>> results,
            int rounds, Swapped sw) {
        OUT.println();
        OUT.printf("median of %d rounds    %12s %14s %9s %9s %9s %9s %6s%n", rounds, "calls/s", "rows/s", "p50 µs",
                "p99 µs", "cpu µs", "B/call", "gc ms");
        Round[] med = new Round[cases.size()];
        double[] ratio = new double[cases.size() / 2];
        double[] cpuRatio = new double[cases.size() / 2];
        for (int c = 0; c < cases.size(); c++) {
            List<Round> rs = results.get(c);
            med[c] = new Round(median(rs.stream().mapToDouble(Round::callsPerSecond).toArray()),
                    median(rs.stream().mapToDouble(Round::rowsPerSecond).toArray()),
                    (long) median(rs.stream().mapToDouble(Round::p50Nanos).toArray()),
                    (long) median(rs.stream().mapToDouble(Round::p99Nanos).toArray()),
                    median(rs.stream().mapToDouble(Round::cpuNanosPerCall).toArray()),
                    median(rs.stream().mapToDouble(Round::bytesPerCall).toArray()),
                    (long) median(rs.stream().mapToDouble(Round::gcMillis).toArray()));
            Caller k = cases.get(c);
            Round m = med[c];
            OUT.printf(Locale.ROOT, "batch %-3d %-12s %12s %14s %9.1f %9.1f %9.2f %,9.0f %6d%n", k.batch, k.label,
                    String.format(Locale.ROOT, "%,.0f", m.callsPerSecond),
                    String.format(Locale.ROOT, "%,.0f", m.rowsPerSecond), m.p50Nanos / 1e3, m.p99Nanos / 1e3,
                    m.cpuNanosPerCall / 1e3, m.bytesPerCall, m.gcMillis);
            if (c % 2 == 1) {
                List<Round> e = results.get(c - 1);
                List<Round> w = results.get(c);
                ratio[c / 2] = pairedRatio(e, w, Round::callsPerSecond, true);
                cpuRatio[c / 2] = pairedRatio(e, w, Round::cpuNanosPerCall, false);
                OUT.printf(Locale.ROOT, "batch %-3d %-12s %12.2f %14s %9.2f %9.2f %9.2f %9s%n", k.batch, "engine/raw",
                        ratio[c / 2], "(time ratio)", pairedRatio(e, w, Round::p50Nanos, false),
                        pairedRatio(e, w, Round::p99Nanos, false), cpuRatio[c / 2],
                        String.format(Locale.ROOT, "+%,.0f", med[c - 1].bytesPerCall - m.bytesPerCall));
            }
        }
        OUT.println("(engine/raw: median over the rounds of each round's quotient; engine and raw run in "
                + "alternating " + SLICE_MS + " ms slices within a round)");
        OUT.printf(Locale.ROOT, "swap to a new version (median of %d; from handing it to the registry's loader thread "
                + "to the first call it answers):%n", sw.idle.size());
        swapLine("engine, caller calls every 50 µs", sw.idle, "");
        swapLine("  loader thread picks it up after", sw.pickup, "");
        swapLine("  registry.add on the loader", sw.add, " (load, check, warm up, swap, close the old session)");
        swapLine("engine, caller calls back to back", sw.busy, String.format(Locale.ROOT,
                "; the old version answered %.0f calls meanwhile, none failed", medianOf(sw.served)));
        swapLine("LoadedModel.load alone, this thread", sw.direct, " (session, spec check, warm-up runs)");
        swapLine("raw createSession + 1 call", sw.raw, " (same bytes and options)");
        OUT.println();
        Round e1 = med[0];
        Round r1 = med[1];
        Round e64 = med[2];
        Round r64 = med[3];
        String tag = model.shipped() ? "" : " [FALLBACK test model " + d.name() + ", shipped model not installed]";
        OUT.printf(Locale.ROOT, "inference%s: batch1 engine %s/s raw %s/s ratio %.2f (cpu %.2f) p99 %.0f/%.0f µs; "
                + "batch64 engine %s rows/s raw %s rows/s ratio %.2f (cpu %.2f); swap p50 %.1f ms (raw session %.1f ms; busy caller %.1f ms) "
                + "(%s %s, median of %d)%n", tag, k(e1.callsPerSecond), k(r1.callsPerSecond), ratio[0],
                cpuRatio[0], e1.p99Nanos / 1e3, r1.p99Nanos / 1e3, k(e64.rowsPerSecond), k(r64.rowsPerSecond), ratio[1],
                cpuRatio[1],
                medianOf(sw.idle), medianOf(sw.raw), medianOf(sw.busy), d.name(), d.version(), rounds);
    }

    private static void swapLine(String label, List<Double> ms, String note) {
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        OUT.printf(Locale.ROOT, "  %-36s p50 %7.2f ms  p90 %7.2f ms  max %7.2f ms%s%n", label, median(v),
                percentile(v, 0.90), v[v.length - 1], note);
    }

    private static double medianOf(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String k(double v) {
        if (v >= 10e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 100e3) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Rows of the model's input: feature windows, standardised as the inference stage does. */
    private static float[][] inputRows(ModelDescriptor d, int width) {
        Map<String, String> md = d.metadata();
        List<String> names = null;
        String f = md.get(ModelMetadata.INPUT_FEATURES);
        if (f != null) {
            names = Arrays.stream(f.replace("[", "").replace("]", "").replace("\"", "").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (names == null || names.size() != width) {
            List<String> synth = new ArrayList<>();
            for (int c = 0; synth.size() < width; c++) {
                synth.addAll(FeatureWindows.names("ch" + c));
            }
            names = synth.subList(0, width);
        }
        double[] mean = numbers(md.get(ModelMetadata.INPUT_MEAN), width);
        double[] scale = numbers(md.get(ModelMetadata.INPUT_SCALE), width);
        if (mean == null || scale == null) {
            // no standardiser in the metadata: standardise with the data's own mean and deviation
            double[][] ms = FeatureWindows.standardiser(FeatureWindows.rows(ROWS, names, null, null, SEED));
            mean = ms[0];
            scale = ms[1];
        }
        return FeatureWindows.rows(ROWS, names, mean, scale, SEED);
    }

    private static double[] numbers(String text, int width) {
        if (text == null || text.isBlank()) {
            return null;
        }
        double[] v = Arrays.stream(text.replace("[", "").replace("]", "").split(",")).map(String::trim)
                .mapToDouble(Double::parseDouble).toArray();
        return v.length == width ? v : null;
    }

    /** @return the rows grouped {@code batch} at a time, each group flattened row-major */
    static float[][] batchesOf(float[][] rows, int batch) {
        int width = rows[0].length;
        float[][] out = new float[rows.length / batch][batch * width];
        for (int b = 0; b < out.length; b++) {
            for (int r = 0; r < batch; r++) {
                System.arraycopy(rows[b * batch + r], 0, out[b], r * width, width);
            }
        }
        return out;
    }

    /** The engine and raw ONNX Runtime must give the same outputs for the same inputs. */
    private static void check(List<Caller> cases, List<float[][]> inputs) throws Exception {
        int compared = 0;
        for (int c = 0; c < cases.size(); c += 2) {
            float[][] x = inputs.get(c);
            for (int i = 0; i < Math.min(256, x.length); i++) {
                Map<String, double[]> e = cases.get(c).outputs(x[i]);
                Map<String, double[]> r = cases.get(c + 1).outputs(x[i]);
                if (!e.keySet().equals(r.keySet())) {
                    throw new IllegalStateException("engine outputs " + e.keySet() + ", raw outputs " + r.keySet());
                }
                for (String name : e.keySet()) {
                    if (!Arrays.equals(e.get(name), r.get(name))) {
                        throw new IllegalStateException("output " + name + " differs for input " + i + " at batch "
                                + cases.get(c).batch + ": engine " + Arrays.toString(e.get(name)) + ", raw "
                                + Arrays.toString(r.get(name)));
                    }
                }
                compared++;
            }
        }
        OUT.printf("check: engine and raw outputs identical on %d calls (batch 1 and 64)%n", compared);
    }

    private static void awaitServing(InferenceEngine engine, String name, Version v) throws InterruptedException {
        long t0 = System.nanoTime();
        while (engine.model(name) == null || !engine.model(name).descriptor().version().equals(v)) {
            if (System.nanoTime() - t0 > 60_000_000_000L) {
                StringBuilder b = new StringBuilder();
                for (ModelStatus s : engine.status()) {
                    b.append(s.name()).append(' ').append(s.state()).append(": ").append(s.message()).append('\n');
                }
                throw new IllegalStateException("model " + name + " " + v + " did not load within 60 s\n" + b);
            }
            Thread.sleep(1);
        }
    }
}
