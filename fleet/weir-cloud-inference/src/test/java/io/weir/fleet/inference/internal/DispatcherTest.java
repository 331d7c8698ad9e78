// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;
import io.weir.testkit.payload.RawKuraPayload;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker pool and its bounded queue, made deterministic by a clock that holds the workers. */
class DispatcherTest {

    private record Sent(String topic, RawKuraPayload payload) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final CounterSet counters = new CounterSet();
    private final CountDownLatch workerInside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private ModelCatalog catalog;
    private Dispatcher dispatcher;

    @BeforeEach
    void setUp() {
        catalog = ModelCatalog.scan(Path.of(System.getProperty("weir.test.models")), 1);
        ResultSender sender = new ResultSender("acc", "cloud", (topic, bytes) -> sent.add(new Sent(topic,
                RawKuraPayload.decode(bytes))), counters);
        // the workers read the clock first: holding them there fills the queue
        dispatcher = new Dispatcher(catalog, sender, counters, 1, 1, 1 << 20, () -> {
            if (Thread.currentThread().getName().startsWith("weir-cloud-inference-worker-")) {
                workerInside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return System.currentTimeMillis();
        });
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
        catalog.close();
    }

    private static Inbound.Accepted request(String id) {
        byte[] body = TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {1, 6}, new float[6])));
        return new Inbound.Accepted("gw-1", id, "inference/vibration-anomaly", System.currentTimeMillis() + 60_000,
                body);
    }

    @Test
    void aFullQueueAnswersBusyAtOnceAndTheOthersAreComputed() throws Exception {
        dispatcher.handle(request("running"));
        assertThat(workerInside.await(10, TimeUnit.SECONDS)).isTrue();
        dispatcher.handle(request("queued"));
        long queuedAt = System.nanoTime();
        assertThat(dispatcher.queued()).isEqualTo(1);

        dispatcher.handle(request("refused"));

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("$EDC/acc/gw-1/OFFLOAD-V1/PUT/result/refused");
            assertThat(s.payload().getString("status")).isEqualTo("ERROR");
            assertThat(s.payload().getString("error")).isEqualTo("busy");
            assertThat(s.payload().getDouble("compute.ms")).isZero();
            assertThat(s.payload().getString("service")).isEqualTo("inference/vibration-anomaly");
        });
        assertThat(counters.snapshot(dispatcher::queued).busy()).isEqualTo(1);

        Thread.sleep(50); // the queued request waits at least this long
        double waitedMs = (System.nanoTime() - queuedAt) / 1e6;
        release.countDown();
        assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
        // compute.ms is the time in the service, the queue included
        assertThat(sent).filteredOn(s -> s.topic().endsWith("/queued")).singleElement()
                .satisfies(s -> assertThat(s.payload().getDouble("compute.ms")).isGreaterThanOrEqualTo(waitedMs));
        assertThat(sent).extracting(Sent::topic).containsExactlyInAnyOrder(
                "$EDC/acc/gw-1/OFFLOAD-V1/PUT/result/refused", "$EDC/acc/gw-1/OFFLOAD-V1/PUT/result/running",
                "$EDC/acc/gw-1/OFFLOAD-V1/PUT/result/queued");
        assertThat(sent.subList(1, 3)).allSatisfy(s -> assertThat(s.payload().getString("status")).isEqualTo("OK"));
        assertThat(counters.snapshot(dispatcher::queued)).satisfies(c -> {
            assertThat(c.ok()).isEqualTo(2);
            assertThat(c.errors()).isEqualTo(1);
            assertThat(c.queued()).isZero();
        });
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheQueueIsNotComputed() throws Exception {
        dispatcher.handle(request("running"));
        assertThat(workerInside.await(10, TimeUnit.SECONDS)).isTrue();
        Inbound.Accepted soon = new Inbound.Accepted("gw-2", "soon", "inference/vibration-anomaly",
                System.currentTimeMillis() + 50, request("x").body());
        dispatcher.handle(soon);
        Thread.sleep(100); // let the queued request's deadline pass while the worker is held
        release.countDown();
        assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();

        assertThat(sent).filteredOn(s -> s.topic().endsWith("/soon")).singleElement().satisfies(s -> {
            assertThat(s.topic()).isEqualTo("$EDC/acc/gw-2/OFFLOAD-V1/PUT/result/soon");
            assertThat(s.payload().getString("error")).isEqualTo("deadline passed");
            // not computed, but it spent its time here: at least the 100 ms in the queue
            assertThat(s.payload().getDouble("compute.ms")).isGreaterThanOrEqualTo(100);
        });
        assertThat(counters.snapshot(dispatcher::queued).expired()).isEqualTo(1);
    }

    @Test
    void aFailedPublishIsCountedAndTheRequestStillCountsAsAnswered() {
        ResultSender failing = new ResultSender("acc", "cloud", (topic, bytes) -> {
            throw new IllegalStateException("not connected");
        }, counters);
        failing.error("gw-1", "r", null, "x", 0.0);
        failing.ok("gw-1", "r2", "s", 1.0, new byte[0]);
        assertThat(counters.snapshot(() -> 0)).satisfies(c -> {
            assertThat(c.publishFailures()).isEqualTo(2);
            assertThat(c.errors()).isEqualTo(1);
            assertThat(c.ok()).isEqualTo(1);
        });
    }
}
