// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.internal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.weir.data.Record;
import io.weir.pipeline.Emitter;
import io.weir.pipeline.LatencySummary;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageFactory;
import io.weir.pipeline.stages.internal.EwmaStageFactory;
import io.weir.pipeline.stages.internal.ScaleStageFactory;
import io.weir.pipeline.stages.internal.WindowStageFactory;

/**
 * Throughput, per-record latency and allocation of a 4-stage pipeline (scale → ewma → window features →
 * sink) run by the real engine ({@link PipelineRuntime}: bounded queue, producer thread, worker thread),
 * against a baseline measured in the same run: a plain Java loop calling the same four stage objects directly.
 * The ratio baseline/engine is the engine's overhead.
 */
public final class PipelineBenchmark {

    private static final String[] GRAPH = {
        "{\"id\":\"scale\",\"type\":\"scale\",\"config\":{\"channels\":[\"a\",\"b\",\"c\"],\"gain\":2.0,\"offset\":1.0}}",
        "{\"id\":\"ewma\",\"type\":\"ewma\",\"config\":{\"channels\":[\"a\",\"b\",\"c\"],\"alpha\":0.1}}",
        "{\"id\":\"window\",\"type\":\"window\",\"config\":{\"channels\":[\"a\",\"b\",\"c\"],\"mode\":\"tumbling\","
            + "\"basis\":\"count\",\"size\":10,\"features\":[\"mean\",\"min\",\"max\",\"std\",\"rms\",\"p2p\"]}}",
        "{\"id\":\"sink\",\"type\":\"sink\"}"};

    /** The fourth stage: consumes window records and counts them. */
    static final class SinkStage implements Stage {
        final AtomicLong count = new AtomicLong();

        @Override
        public void process(Record record, Emitter out) {
            count.lazySet(count.get() + 1);
        }
    }

    private static Map<String, StageFactory> factories(SinkStage sink) {
        return Map.of("scale", new ScaleStageFactory(), "ewma", new EwmaStageFactory(), "window",
                new WindowStageFactory(), "sink", ctx -> sink);
    }

    private static Record[] records(int n) {
        Record[] r = new Record[n];
        java.util.Random random = new java.util.Random(1);
        long t0 = 1_800_000_000_000L;
        for (int i = 0; i < n; i++) {
            r[i] = Record.builder("bench").timestamp(t0 + i).put("a", random.nextGaussian())
                    .put("b", 20 + random.nextGaussian()).put("c", Math.sin(i / 10.0)).build();
        }
        return r;
    }

    private static long allocated(long threadId) {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(threadId);
    }

    record Result(double recordsPerSecond, LatencySummary latency, double bytesPerRecord) {
    }

    static Result engine(Record[] input, long total) throws Exception {
        SinkStage sink = new SinkStage();
        Map<String, StageFactory> f = factories(sink);
        PipelineRuntime rt = new PipelineRuntime("bench", GraphSpec.parse("bench", GRAPH), 16_384, OverflowPolicy.BLOCK,
                10, 16, b -> { });
        rt.start(f::get);
        Thread worker = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("weir-pipeline-bench")).findFirst().orElseThrow();
        long producer = Thread.currentThread().getId();
        List<List<Record>> batches = new ArrayList<>();
        for (int i = 0; i + 256 <= input.length; i += 256) {
            batches.add(Arrays.asList(input).subList(i, i + 256));
        }
        long expected = total / 10;
        long a0 = allocated(worker.getId()) + allocated(producer);
        long start = System.nanoTime();
        long sent = 0;
        int b = 0;
        while (sent < total) {
            List<Record> batch = batches.get(b++ % batches.size());
            rt.accept(batch);
            sent += batch.size();
        }
        while (sink.count.get() < expected) {
            Thread.onSpinWait();
        }
        long elapsed = System.nanoTime() - start;
        long bytes = allocated(worker.getId()) + allocated(producer) - a0;
        LatencySummary l = rt.metrics().latency();
        rt.stop();
        return new Result(total * 1e9 / elapsed, l, (double) bytes / total);
    }

    static Result baseline(Record[] input, long total) {
        SinkStage sink = new SinkStage();
        Map<String, StageFactory> f = factories(sink);
        Stage[] s = new Stage[4];
        String[] ids = {"scale", "ewma", "window", "sink"};
        for (int i = 0; i < 4; i++) {
            s[i] = f.get(ids[i]).create(new MapStageContext("bench", ids[i], GraphSpec.parse("bench", GRAPH).nodes.get(i).config));
        }
        Emitter toSink = r -> invoke(s[3], r, x -> { });
        Emitter toWindow = r -> invoke(s[2], r, toSink);
        Emitter toEwma = r -> invoke(s[1], r, toWindow);
        LatencyStats latency = new LatencyStats();
        long self = Thread.currentThread().getId();
        long a0 = allocated(self);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            Record r = input[(int) (i % input.length)];
            if ((i & 15) == 0) {
                long t = System.nanoTime();
                invoke(s[0], r, toEwma);
                latency.record(System.nanoTime() - t);
            } else {
                invoke(s[0], r, toEwma);
            }
        }
        long elapsed = System.nanoTime() - start;
        long bytes = allocated(self) - a0;
        if (sink.count.get() != total / 10) {
            throw new IllegalStateException("baseline sink saw " + sink.count.get());
        }
        return new Result(total * 1e9 / elapsed, latency.summary(), (double) bytes / total);
    }

    private static void invoke(Stage s, Record r, Emitter out) {
        try {
            s.process(r, out);
        } catch (io.weir.pipeline.StageException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String us(long nanos) {
        return String.format("%.2f", nanos / 1000.0);
    }

    public static void main(String[] args) throws Exception {
        long total = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Record[] input = records(65_536);
        System.out.printf("pipeline benchmark: %d records per round, %d rounds (+2 warm-up), %d cores, %s%n", total,
                rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        for (int w = 0; w < 2; w++) {
            engine(input, total / 2);
            baseline(input, total / 2);
        }
        List<Result> engine = new ArrayList<>();
        List<Result> plain = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Result e = engine(input, total);
            Result p = baseline(input, total);
            engine.add(e);
            plain.add(p);
            System.out.printf("round %d: engine %,10.0f rec/s p50 %s us p99 %s us %6.0f B/rec | plain loop %,10.0f rec/s "
                    + "p50 %s us p99 %s us %6.0f B/rec%n", i + 1, e.recordsPerSecond, us(e.latency.p50Nanos()),
                    us(e.latency.p99Nanos()), e.bytesPerRecord, p.recordsPerSecond, us(p.latency.p50Nanos()),
                    us(p.latency.p99Nanos()), p.bytesPerRecord);
        }
        Result e = median(engine);
        Result p = median(plain);
        System.out.printf("pipeline: engine %,.0f records/s, p50 %s us, p99 %s us, %.0f B/record | plain loop %,.0f "
                + "records/s, p50 %s us, p99 %s us, %.0f B/record | overhead ratio %.2fx (median of %d)%n",
                e.recordsPerSecond, us(e.latency.p50Nanos()), us(e.latency.p99Nanos()), e.bytesPerRecord,
                p.recordsPerSecond, us(p.latency.p50Nanos()), us(p.latency.p99Nanos()), p.bytesPerRecord,
                p.recordsPerSecond / e.recordsPerSecond, rounds);
    }

    private static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort((x, y) -> Double.compare(x.recordsPerSecond, y.recordsPerSecond));
        return sorted.get(sorted.size() / 2);
    }
}
