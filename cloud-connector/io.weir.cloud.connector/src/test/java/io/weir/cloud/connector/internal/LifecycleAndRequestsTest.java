// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import static io.weir.cloud.connector.internal.Gateways.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.QoS;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.data.TypedValue;
import io.weir.testkit.broker.Brokers;
import io.weir.testkit.broker.TestBroker;
import io.weir.testkit.kapua.KapuaManagerClient;
import io.weir.testkit.kapua.NoReplyException;
import io.weir.testkit.kapua.Reply;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;

/**
 * The lifecycle messages and the request/response framework against real brokers: the embedded Artemis (Kapua's
 * broker) and Debian's mosquitto. Everything the gateway sends is decoded by the test kit's own protobuf reader,
 * independent of the gateway's codec.
 */
class LifecycleAndRequestsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Every metric Kura 5.4+ puts in BIRTH (spec §2.3), apart from the modem, tamper and extended ones. */
    private static final List<String> BIRTH_METRICS = List.of("uptime", "display_name", "model_name", "model_id",
            "part_number", "serial_number", "firmware_version", "bios_version", "cpu_version", "os", "os_version",
            "os_arch", "jvm_name", "jvm_version", "jvm_profile", "jvm_vendor", "kura_version",
            "application_framework", "application_framework_version", "osgi_framework", "osgi_framework_version",
            "connection_interface", "connection_ip", "accept_encoding", "application_ids", "available_processors",
            "total_memory", "payload_encoding");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void birthAppsAndDisconnectFollowTheSpec(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TopicRecorder lifecycle = TopicRecorder.start(broker.url(), "$EDC/" + ACCOUNT + "/gw-1/MQTT/#")) {
            CloudService s = Gateways.start(broker.url(), "gw-1", dir);
            try {
                RecordedMessage birth = lifecycle.awaitTopic("$EDC/acme/gw-1/MQTT/BIRTH", WAIT);
                assertThat(birth.qos()).as("BIRTH QoS (Kura >= 5.4)").isEqualTo(1);
                assertThat(birth.retained()).isFalse();
                RawKuraPayload p = birth.kura();
                assertThat(p.metrics().keySet()).containsAll(BIRTH_METRICS);
                assertThat(p.metricList()).allSatisfy(m -> assertThat(m.type()).as(m.name()).isEqualTo(
                        MetricType.STRING));
                assertThat(p.getString("display_name")).isEqualTo("gw-1");
                assertThat(p.getString("payload_encoding")).isEqualTo("KURA_PROTOBUF");
                assertThat(p.getString("application_ids")).isEmpty();
                assertThat(p.timestamp()).isNotNull();
                assertThat(p.position()).isNotNull();

                // a new app: APPS, with the same content as BIRTH and the new app id
                Gateways.register(s, "TEST-V1", (req, ctx) -> Response.ok(), 1);
                RecordedMessage apps = lifecycle.awaitTopic("$EDC/acme/gw-1/MQTT/APPS", WAIT);
                assertThat(apps.qos()).isEqualTo(1);
                assertThat(apps.kura().getString("application_ids")).isEqualTo("TEST-V1");
                assertThat(apps.kura().metricList()).allSatisfy(m -> assertThat(m.is(MetricType.STRING)).isTrue());

                s.disconnect().getValue();
                RecordedMessage dc = lifecycle.awaitTopic("$EDC/acme/gw-1/MQTT/DC", WAIT);
                assertThat(dc.kura().metrics().keySet()).containsExactly("uptime", "display_name");
                assertThat(dc.kura().metricList()).allSatisfy(m -> assertThat(m.is(MetricType.STRING)).isTrue());
                assertThat(s.status().state()).isEqualTo(ConnectionState.DISCONNECTED);
                assertThat(lifecycle.messages("$EDC/acme/gw-1/MQTT/LWT")).as("no will after a clean disconnect")
                        .isEmpty();
            } finally {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void willIsPublishedOnAnAbruptLossAndBirthAgainOnReconnect(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); TcpProxy proxy = new TcpProxy(broker.port());
                TopicRecorder lifecycle = TopicRecorder.start(broker.url(), "$EDC/acme/gw-2/MQTT/#")) {
            CloudService s = Gateways.start(proxy.url(), "gw-2", dir);
            try {
                lifecycle.awaitTopic("$EDC/acme/gw-2/MQTT/BIRTH", WAIT);
                proxy.cutConnections();
                RecordedMessage lwt = lifecycle.awaitTopic("$EDC/acme/gw-2/MQTT/LWT", WAIT);
                assertThat(lwt.payload()).as("default will payload is empty").isEmpty();
                lifecycle.awaitCount(2, m -> m.topic().endsWith("/MQTT/BIRTH"), WAIT);
                Gateways.awaitConnected(s);
                assertThat(s.status().lastError()).isNull();
            } finally {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void requestsAreRoutedAndAnsweredAsTheSpecSays(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            CloudService s = Gateways.start(broker.url(), "gw-3", dir);
            try {
                List<String> seen = new CopyOnWriteArrayList<>();
                Gateways.register(s, "ECHO-V1", (req, ctx) -> {
                    seen.add(req.method() + " " + req.resources() + " from " + req.requesterClientId());
                    if (req.resources().isEmpty()) {
                        return Response.error(ResponseCode.NOT_FOUND, "no resource");
                    }
                    if (req.resources().get(0).equals("boom")) {
                        throw new IllegalStateException("handler exploded");
                    }
                    TypedValue arg = req.payload().metric("arg");
                    return Response.ok(new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                            Map.of("echo", arg == null ? TypedValue.ofString("") : arg,
                                    "resources", TypedValue.ofString(String.join("/", req.resources()))),
                            "body".getBytes(StandardCharsets.UTF_8)));
                }, 1);
                Gateways.awaitConnected(s);

                Reply ok = kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "GET", List.of("a", "b"),
                        new RawKuraPayload().metric("arg", MetricType.INT64, 42L), WAIT);
                assertThat(ok.responseCode()).isEqualTo(200);
                assertThat(ok.payload().get("response.code").is(MetricType.INT32)).isTrue();
                assertThat(ok.payload().getInt64("echo")).isEqualTo(42L);
                assertThat(ok.payload().getString("resources")).isEqualTo("a/b");
                assertThat(ok.payload().body()).asString(StandardCharsets.UTF_8).isEqualTo("body");
                assertThat(ok.topic()).startsWith("$EDC/acme/" + kapua.clientId() + "/ECHO-V1/REPLY/");
                assertThat(seen).containsExactly("GET [a, b] from " + kapua.clientId());

                // gzipped requests are accepted (Kapua never sends them, but Kura may)
                RawKuraPayload gz = new RawKuraPayload().metric("arg", MetricType.STRING, "x".repeat(500));
                assertThat(kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "EXEC", List.of("z"), gz, WAIT).responseCode())
                        .isEqualTo(200);

                Reply notFound = kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "GET", List.of(), null, WAIT);
                assertThat(notFound.responseCode()).isEqualTo(404);
                Reply failed = kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "PUT", List.of("boom"), null, WAIT);
                assertThat(failed.responseCode()).isEqualTo(500);
                assertThat(failed.exceptionMessage()).isEqualTo("handler exploded");
                Reply noApp = kapua.request(ACCOUNT, "gw-3", "NOPE-V1", "GET", List.of("x"), null, WAIT);
                assertThat(noApp.responseCode()).isEqualTo(404);
                assertThat(noApp.exceptionMessage()).contains("NOPE-V1");
                Reply badMethod = kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "SUBMIT", List.of("x"), null, WAIT);
                assertThat(badMethod.responseCode()).isEqualTo(400);
                assertThat(badMethod.exceptionMessage()).contains("SUBMIT");
                Reply lowerCase = kapua.request(ACCOUNT, "gw-3", "ECHO-V1", "get", List.of("x"), null, WAIT);
                assertThat(lowerCase.responseCode()).as("methods are case-sensitive").isEqualTo(400);
                assertThat(s.dispatcher().handled.get()).isEqualTo(4);
            } finally {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void malformedRequestsGetNoReplyAndValidOnesAreStillAnswered(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            CloudService s = Gateways.start(broker.url(), "gw-4", dir);
            try {
                Gateways.register(s, "ECHO-V1", (req, ctx) -> Response.ok(), 1);
                Gateways.awaitConnected(s);
                String base = "$EDC/acme/gw-4/ECHO-V1/GET/x";
                Random random = new Random(7);
                // random bytes, truncated protobuf, a gzip bomb, a huge payload
                for (int i = 0; i < 50; i++) {
                    byte[] junk = new byte[random.nextInt(200)];
                    random.nextBytes(junk);
                    kapua.sendRaw(base, junk, i % 2);
                }
                byte[] valid = new RawKuraPayload().metric("request.id", MetricType.STRING, "1")
                        .metric("requester.client.id", MetricType.STRING, kapua.clientId()).encode();
                for (int cut = 1; cut < valid.length; cut += 3) {
                    kapua.sendRaw(base, java.util.Arrays.copyOf(valid, cut), 0);
                }
                kapua.sendRaw(base, RawKuraPayload.gzip(new byte[64 * 1024 * 1024]), 0);
                kapua.sendRaw(base, new byte[17 * 1024 * 1024], 1);

                // a wrongly typed or missing envelope: no reply, as Kura does
                RawKuraPayload wrongType = new RawKuraPayload().metric("request.id", MetricType.INT64, 5L);
                assertThatThrownBy(() -> kapua.request(ACCOUNT, "gw-4", "ECHO-V1", "GET", List.of("x"), wrongType,
                        Duration.ofSeconds(2))).isInstanceOf(NoReplyException.class);
                RawKuraPayload wrongRequester = new RawKuraPayload()
                        .metric("requester.client.id", MetricType.BYTES, new byte[] { 1 });
                assertThatThrownBy(() -> kapua.request(ACCOUNT, "gw-4", "ECHO-V1", "GET", List.of("x"),
                        wrongRequester, Duration.ofSeconds(2))).isInstanceOf(NoReplyException.class);

                Reply ok = kapua.request(ACCOUNT, "gw-4", "ECHO-V1", "GET", List.of("x"), null, WAIT);
                assertThat(ok.responseCode()).isEqualTo(200);
                Gateways.await(() -> s.dispatcher().malformed.get() + s.dispatcher().badEnvelope.get() >= 50,
                        WAIT, () -> "malformed=" + s.dispatcher().malformed.get());
                assertThat(s.status().state()).isEqualTo(ConnectionState.CONNECTED);
            } finally {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void notificationsReachTheRequesterAndSlowHandlersDoNotStallPublishing(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url());
                TopicRecorder data = TopicRecorder.start(broker.url(), "acme/gw-5/#")) {
            TopicRecorder notifications = kapua.captureNotifications(ACCOUNT);
            CloudService s = Gateways.start(broker.url(), "gw-5", dir);
            CountDownLatch release = new CountDownLatch(1);
            try {
                Gateways.register(s, "SLOW-V1", (req, ctx) -> {
                    CloudPayload progress = new CloudPayload(CloudPayload.NO_TIMESTAMP, null,
                            Map.of("job.id", TypedValue.ofLong(99L), "dp.download.progress", TypedValue.ofInteger(50),
                                    "dp.download.status", TypedValue.ofString("IN_PROGRESS")), null);
                    ctx.publishNotification("download", progress);
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Response.ok();
                }, 1);
                Gateways.awaitConnected(s);
                // two slow requests occupy both request threads
                Thread r1 = new Thread(() -> quietly(() -> kapua.request(ACCOUNT, "gw-5", "SLOW-V1", "EXEC",
                        List.of("download"), null, WAIT)));
                r1.start();
                RecordedMessage n = notifications.await(m -> m.topic().endsWith("/download"), WAIT);
                assertThat(n.topic()).isEqualTo("$EDC/acme/" + kapua.clientId() + "/SLOW-V1/NOTIFY/gw-5/download");
                assertThat(n.kura().get("job.id").is(MetricType.INT64)).isTrue();
                assertThat(n.kura().get("dp.download.progress").is(MetricType.INT32)).isTrue();
                assertThat(n.kura().timestamp()).isNotNull();

                // while the handler blocks, data still flows
                for (int i = 0; i < 20; i++) {
                    s.publishFuture(new CloudMessage("W1/t", new CloudPayload(System.currentTimeMillis(), null,
                            Map.of("i", TypedValue.ofInteger(i)), null), QoS.AT_LEAST_ONCE, 7)).get(10,
                                    TimeUnit.SECONDS);
                }
                List<RecordedMessage> got = data.awaitCount(20, m -> m.topic().equals("acme/gw-5/W1/t"), WAIT);
                assertThat(got).extracting(m -> m.kura().getInt32("i")).containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 20).boxed().toList());
                release.countDown();
                r1.join(30_000);
                notifications.close();
            } finally {
                release.countDown();
                s.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void dataSubscribersReceiveMessagesForTheGateway(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start(); KapuaManagerClient cloud = KapuaManagerClient.connect(broker.url())) {
            CloudService s = Gateways.start(broker.url(), "gw-6", dir);
            try {
                List<String> got = new CopyOnWriteArrayList<>();
                s.subscribe("OFFLOAD-V1/results/+", QoS.AT_LEAST_ONCE, (topic, payload) -> got.add(topic + " "
                        + (payload.metric("v") != null ? payload.metric("v").doubleValue()
                                : new String(payload.body(), StandardCharsets.UTF_8))));
                Gateways.awaitConnected(s);
                Thread.sleep(200); // the subscription is sent right after connecting
                cloud.sendRaw("acme/gw-6/OFFLOAD-V1/results/7",
                        new RawKuraPayload().metric("v", MetricType.DOUBLE, 1.5).encode(), 1);
                cloud.sendRaw("acme/gw-6/OFFLOAD-V1/results/8", "not protobuf".getBytes(StandardCharsets.UTF_8), 1);
                cloud.sendRaw("acme/gw-6/OFFLOAD-V1/other/9", new RawKuraPayload().encode(), 1);
                Gateways.await(() -> got.size() >= 2, WAIT, got::toString);
                assertThat(got).containsExactly("OFFLOAD-V1/results/7 1.5", "OFFLOAD-V1/results/8 not protobuf");
                assertThatThrownBy(() -> s.subscribe("a/#/b", QoS.AT_MOST_ONCE, (t, p) -> { }))
                        .isInstanceOf(IllegalArgumentException.class);
            } finally {
                s.close();
            }
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void quietly(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            // the test asserts elsewhere
        }
    }

    static Metric metric(RawKuraPayload p, String name) {
        return p.get(name);
    }
}
