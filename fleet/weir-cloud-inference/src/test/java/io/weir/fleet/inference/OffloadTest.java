// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import io.weir.fleet.broker.WeirBroker;
import io.weir.inference.ElementType;
import io.weir.inference.Tensor;
import io.weir.inference.TensorCodec;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OFFLOAD-V1 end to end: the service against a real broker (embedded Artemis, Kapua's broker), gateways played by
 * raw Paho clients that write Kura payloads with the test kit (none of the service's code), results checked against
 * ONNX Runtime run directly on the shipped model.
 */
class OffloadTest {

    private static final int MAX_BYTES = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static WeirBroker broker;
    private static CloudInferenceService service;
    private static FakeGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        broker = WeirBroker.builder().build();
        broker.start();
        service = CloudInferenceService.start(Settings.builder(broker.url(), ShippedModel.directory())
                .account(FakeGateway.ACCOUNT).clientId("cloud-inference-test").maxBytes(MAX_BYTES).workers(2)
                .intraOpThreads(1).build());
        gateway = new FakeGateway(broker.url(), "gw-1");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void servesTheShippedModel() {
        assertThat(service.services()).singleElement().satisfies(m -> {
            assertThat(m.service()).isEqualTo(ShippedModel.SERVICE);
            assertThat(m.model()).isEqualTo("vibration-anomaly");
            assertThat(m.version()).isEqualTo("1.0.0");
            assertThat(m.inputs()).extracting(s -> s.format()).containsExactly("input:FLOAT:-1x6");
            assertThat(m.outputs()).extracting(s -> s.format()).containsExactly("output:FLOAT:-1x2");
        });
        assertThat(service.refused()).isEmpty();
        assertThat(service.isConnected()).isTrue();
        assertThat(service.requestFilter()).isEqualTo("weir/+/W1/OFFLOAD-V1/+");
    }

    @Test
    void aRequestGetsTheResultOfOnnxRuntimeOnTheSameInput() throws Exception {
        float[][] rows = ShippedModel.rows(3, 42);
        float[][] expected = ShippedModel.reference(rows);
        long before = service.counters().ok();

        gateway.send("r-ok-1", FakeGateway.request("r-ok-1", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                input(rows)));
        RecordedMessage m = gateway.awaitResult("r-ok-1");

        assertThat(m.topic()).isEqualTo("$EDC/weir/gw-1/OFFLOAD-V1/PUT/result/r-ok-1");
        assertThat(m.qos()).isZero();
        assertThat(m.retained()).isFalse();
        RawKuraPayload result = m.kura();
        assertThat(result.wasGzipped()).isFalse();
        assertThat(result.timestamp()).isNotNull();
        assertThat(result.metricList()).extracting(Metric::name).containsExactly("request.id", "requester.client.id",
                "status", "compute.ms", "service");
        assertThat(result.get("request.id").is(MetricType.STRING)).isTrue();
        assertThat(result.getString("request.id")).isNotEqualTo("r-ok-1").matches("\\d+-\\d+");
        assertThat(result.getString("requester.client.id")).isEqualTo("cloud-inference-test");
        assertThat(result.getString("status")).isEqualTo("OK");
        assertThat(result.get("compute.ms").is(MetricType.DOUBLE)).isTrue();
        assertThat(result.getDouble("compute.ms")).isPositive().isLessThan(10_000);
        assertThat(result.getString("service")).isEqualTo(ShippedModel.SERVICE);

        Map<String, Tensor> outputs = TensorCodec.decode(result.body(), Integer.MAX_VALUE);
        assertThat(outputs).containsOnlyKeys("output");
        Tensor output = outputs.get("output");
        assertThat(output.type()).isEqualTo(ElementType.FLOAT);
        assertThat(output.shape()).containsExactly(3, 2);
        assertThat(output.toFloatArray()).containsExactly(ShippedModel.flatten(expected));
        awaitCounters(c -> c.ok() == before + 1);
    }

    @Test
    void aGzippedRequestAndAnEmptyBatchAreServedToo() throws Exception {
        gateway.sendRaw(gateway.requestTopic("r-gz"), FakeGateway.request("r-gz", ShippedModel.SERVICE,
                FakeGateway.inSeconds(30), input(ShippedModel.rows(200, 7))).encodeGzip());
        gateway.send("r-empty", FakeGateway.request("r-empty", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                input(new float[0][])));

        RawKuraPayload gz = gateway.awaitResult("r-gz").kura();
        assertThat(gz.getString("status")).isEqualTo("OK");
        assertThat(TensorCodec.decode(gz.body(), Integer.MAX_VALUE).get("output").toFloatArray())
                .containsExactly(ShippedModel.flatten(ShippedModel.reference(ShippedModel.rows(200, 7))));
        RawKuraPayload empty = gateway.awaitResult("r-empty").kura();
        assertThat(empty.getString("status")).as(empty.toString()).isEqualTo("OK");
        assertThat(TensorCodec.decode(empty.body(), Integer.MAX_VALUE).get("output").shape()).containsExactly(0, 2);
    }

    @Test
    void garbageIsDroppedAndCountedAndTheServiceKeepsAnswering() throws Exception {
        long dropped = service.counters().dropped();
        // not a Kura payload; a payload without request.id; request.id of the wrong type; an empty request id level
        gateway.sendRaw(gateway.requestTopic("g-1"), "not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        gateway.sendRaw(gateway.requestTopic("g-2"), new byte[] {0x1F, (byte) 0x8B, 1, 2, 3});
        gateway.send("g-3", FakeGateway.request("g-3", ShippedModel.SERVICE, FakeGateway.inSeconds(30), input(
                ShippedModel.rows(1, 1))).removeMetric("request.id"));
        gateway.send("g-4", FakeGateway.request("g-4", ShippedModel.SERVICE, FakeGateway.inSeconds(30), input(
                ShippedModel.rows(1, 1))).removeMetric("request.id").metric("request.id", MetricType.INT64, 4L));
        gateway.sendRaw("weir/gw-1/W1/OFFLOAD-V1/", FakeGateway.request("", ShippedModel.SERVICE,
                FakeGateway.inSeconds(30), input(ShippedModel.rows(1, 1))).encode());

        gateway.send("after-garbage", FakeGateway.request("after-garbage", ShippedModel.SERVICE,
                FakeGateway.inSeconds(30), input(ShippedModel.rows(1, 3))));
        assertThat(gateway.awaitResult("after-garbage").kura().getString("status")).isEqualTo("OK");

        Counters c = awaitCounters(x -> x.dropped() == dropped + 5);
        assertThat(c.lastDropReason()).contains("weir/gw-1/W1/OFFLOAD-V1/");
        // requests are read in arrival order on one thread: nothing was answered before the valid one
        assertThat(gateway.inbox.messages()).noneMatch(m -> m.topic().matches(".*/result/(g-\\d)?$"));
    }

    @Test
    void anUnknownServiceGetsAnError() throws Exception {
        RawKuraPayload r = error("r-unknown", FakeGateway.request("r-unknown", "inference/no-such-model",
                FakeGateway.inSeconds(30), input(ShippedModel.rows(1, 1))));
        assertThat(r.getString("error")).isEqualTo("unknown service 'inference/no-such-model'; this service offers "
                + "[inference/vibration-anomaly]");
        assertThat(r.getString("service")).isEqualTo("inference/no-such-model");
        assertThat(r.getDouble("compute.ms")).isZero();
    }

    @Test
    void inputsThatDoNotFitTheModelGetAnError() throws Exception {
        Map<String, Tensor> fiveColumns = Map.of("input", Tensor.ofFloats(new long[] {1, 5}, new float[5]));
        assertThat(error("r-shape", request("r-shape", fiveColumns)).getString("error"))
                .isEqualTo("input 'input' has shape [1, 5]; inference/vibration-anomaly takes input:FLOAT:-1x6 "
                        + "(-1 = any size)");
        Map<String, Tensor> flat = Map.of("input", Tensor.ofFloats(new long[] {6}, new float[6]));
        assertThat(error("r-rank", request("r-rank", flat)).getString("error")).contains("has shape [6]");
        Map<String, Tensor> longs = Map.of("input", Tensor.ofLongs(new long[] {1, 6}, new long[6]));
        assertThat(error("r-type", request("r-type", longs)).getString("error"))
                .isEqualTo("input 'input' is INT64; inference/vibration-anomaly takes input:FLOAT:-1x6");
        Map<String, Tensor> renamed = Map.of("features", Tensor.ofFloats(new long[] {1, 6}, new float[6]));
        assertThat(error("r-name", request("r-name", renamed)).getString("error"))
                .isEqualTo("inference/vibration-anomaly has no input 'features'; it takes [input:FLOAT:-1x6]");
        assertThat(error("r-none", request("r-none", Map.of())).getString("error"))
                .isEqualTo("input 'input' is missing; inference/vibration-anomaly takes [input:FLOAT:-1x6]");
        RawKuraPayload undecodable = error("r-bytes", FakeGateway.request("r-bytes", ShippedModel.SERVICE,
                FakeGateway.inSeconds(30), "[[1,2,3,4,5,6]]".getBytes(StandardCharsets.UTF_8)));
        assertThat(undecodable.getString("error")).startsWith("body is not valid tensor data: WTN1 header: not WTN1");
        assertThat(undecodable.getDouble("compute.ms")).isPositive();
    }

    @Test
    void anOversizedBodyGetsAnError() throws Exception {
        byte[] big = new byte[MAX_BYTES + 1];
        RawKuraPayload r = error("r-big", FakeGateway.request("r-big", ShippedModel.SERVICE,
                FakeGateway.inSeconds(30), big));
        assertThat(r.getString("error")).isEqualTo("body of 65537 bytes exceeds the limit of 65536 bytes");

        // a payload beyond the body limit plus the envelope allowance is not even decoded: dropped
        long dropped = service.counters().dropped();
        gateway.send("r-huge", FakeGateway.request("r-huge", ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                new byte[MAX_BYTES + Settings.ENVELOPE_BYTES + 1]));
        assertThat(awaitCounters(c -> c.dropped() == dropped + 1).lastDropReason()).contains("exceeds the limit");
    }

    @Test
    void aRequestPastItsDeadlineIsNotComputed() throws Exception {
        long expired = service.counters().expired();
        RawKuraPayload r = error("r-late", FakeGateway.request("r-late", ShippedModel.SERVICE,
                System.currentTimeMillis() - 1_000, input(ShippedModel.rows(1, 1))));
        assertThat(r.getString("error")).isEqualTo("deadline passed");
        assertThat(r.getDouble("compute.ms")).isZero();
        assertThat(r.body()).isNull();
        awaitCounters(c -> c.expired() == expired + 1);
    }

    @Test
    void missingAndMistypedMetricsGetAnError() throws Exception {
        byte[] body = input(ShippedModel.rows(1, 1));
        long deadline = FakeGateway.inSeconds(30);
        assertThat(error("m-1", FakeGateway.request("m-1", ShippedModel.SERVICE, deadline, body)
                .removeMetric("service")).getString("error")).isEqualTo("the request has no metric service (STRING)");
        RawKuraPayload mistypedService = error("m-2", FakeGateway.request("m-2", ShippedModel.SERVICE, deadline, body)
                .removeMetric("service").metric("service", MetricType.BYTES, new byte[] {1}));
        assertThat(mistypedService.getString("error")).isEqualTo("metric service must be STRING, was BYTES");
        assertThat(mistypedService.has("service")).isFalse();
        assertThat(error("m-3", FakeGateway.request("m-3", ShippedModel.SERVICE, deadline, body)
                .removeMetric("deadline").metric("deadline", MetricType.INT32, 5)).getString("error"))
                .isEqualTo("metric deadline must be INT64 (epoch milliseconds), was INT32");
        assertThat(error("m-4", FakeGateway.request("m-4", ShippedModel.SERVICE, deadline, body)
                .removeMetric("deadline")).getString("error"))
                .isEqualTo("the request has no metric deadline (INT64 (epoch milliseconds))");
        assertThat(error("m-5", FakeGateway.request("m-5", ShippedModel.SERVICE, deadline, null)).getString("error"))
                .startsWith("the request has no body");
        assertThat(error("m-6", FakeGateway.request("other-id", ShippedModel.SERVICE, deadline, body))
                .getString("error")).isEqualTo("metric request.id 'other-id' differs from the request id 'm-6' in the "
                        + "topic");
    }

    @Test
    void fiftyConcurrentRequestsFromTwoDevicesEachGetTheirOwnResultOnTheirOwnTopic() throws Exception {
        long ok = service.counters().ok();
        long replies = service.counters().replies();
        try (FakeGateway a = new FakeGateway(broker.url(), "gw-a"); FakeGateway b = new FakeGateway(broker.url(),
                "gw-b")) {
            Map<String, float[][]> sent = new HashMap<>();
            List<Callable<Void>> senders = new ArrayList<>();
            for (FakeGateway g : List.of(a, b)) {
                for (int i = 0; i < 25; i++) {
                    String id = g.clientId + "-" + i; // the same ids on both devices would also be fine; these tell apart
                    float[][] rows = ShippedModel.rows(1 + i % 4, id.hashCode());
                    sent.put(g.clientId + "/" + id, rows);
                    senders.add(() -> {
                        g.send(id, FakeGateway.request(id, ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                                input(rows)));
                        return null;
                    });
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (Future<Void> f : pool.invokeAll(senders)) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            for (FakeGateway g : List.of(a, b)) {
                List<RecordedMessage> results = g.inbox.awaitCount(25, m -> m.topic().contains("/result/"), WAIT);
                assertThat(results).allSatisfy(m -> assertThat(m.topic())
                        .startsWith("$EDC/weir/" + g.clientId + "/OFFLOAD-V1/PUT/result/" + g.clientId + "-"));
                assertThat(results).extracting(RecordedMessage::topic).doesNotHaveDuplicates();
                for (RecordedMessage m : results) {
                    String id = m.topic().substring(m.topic().lastIndexOf('/') + 1);
                    RawKuraPayload r = m.kura();
                    assertThat(r.getString("status")).as(id).isEqualTo("OK");
                    assertThat(TensorCodec.decode(r.body(), Integer.MAX_VALUE).get("output").toFloatArray()).as(id)
                            .containsExactly(ShippedModel.flatten(ShippedModel.reference(sent.get(g.clientId + "/"
                                    + id))));
                }
            }
            awaitCounters(c -> c.ok() == ok + 50 && c.replies() >= replies + 50);
            assertThat(a.repliesSent.get() + b.repliesSent.get()).isEqualTo(50);
            assertThat(a.inbox.messages()).hasSize(25);
            assertThat(b.inbox.messages()).hasSize(25);
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static byte[] input(float[][] rows) {
        return TensorCodec.encode(Map.of("input", Tensor.ofFloats(new long[] {rows.length, ShippedModel.FEATURES},
                ShippedModel.flatten(rows))));
    }

    private static RawKuraPayload request(String id, Map<String, Tensor> tensors) {
        return FakeGateway.request(id, ShippedModel.SERVICE, FakeGateway.inSeconds(30),
                TensorCodec.encode(new LinkedHashMap<>(tensors)));
    }

    /** Sends a request and returns its result, checking it is a well-formed ERROR result. */
    private static RawKuraPayload error(String topicId, RawKuraPayload request) throws Exception {
        long errors = service.counters().errors();
        gateway.send(topicId, request);
        RawKuraPayload r = gateway.awaitResult(topicId).kura();
        assertThat(r.getString("status")).as(r.toString()).isEqualTo("ERROR");
        assertThat(r.get("error").is(MetricType.STRING)).isTrue();
        assertThat(r.get("compute.ms").is(MetricType.DOUBLE)).isTrue();
        assertThat(r.getString("requester.client.id")).isEqualTo("cloud-inference-test");
        assertThat(r.getString("request.id")).isNotEqualTo(topicId);
        assertThat(r.body()).isNull();
        awaitCounters(c -> c.errors() > errors);
        return r;
    }

    private static Counters awaitCounters(Predicate<Counters> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Counters c = service.counters();
        while (!condition.test(c)) {
            assertThat(System.nanoTime()).as("counters never matched; last: %s", c.line()).isLessThan(deadline);
            Thread.sleep(10); // polling counters the service updates on its own threads, with a deadline
            c = service.counters();
        }
        return c;
    }
}
