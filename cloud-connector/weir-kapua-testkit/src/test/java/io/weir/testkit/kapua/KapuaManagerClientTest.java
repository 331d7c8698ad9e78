// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testkit.broker.Brokers;
import io.weir.testkit.broker.TestBroker;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The manager client against both brokers and a tiny responder written in the test: the request and reply topic
 * shapes of spec §3.1/§3.2, notifications (§3.3), and what happens with bad requests and bad replies.
 */
class KapuaManagerClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** For requests that must stay unanswered: the outcome does not depend on this. */
    private static final Duration NO_REPLY_WAIT = Duration.ofSeconds(2);

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void requestAndReplyHaveTheSpecifiedShapes(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url());
                TopicRecorder wire = TopicRecorder.start(broker.url(), "$EDC/acc/#")) {
            assertThat(kapua.clientId()).matches("KapuaPool-\\d+-\\d+");
            RawKuraPayload args = new RawKuraPayload().metric("dp.name", MetricType.STRING, "pkg");

            Reply reply = kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of("configurations", "a.b-c"), args,
                    WAIT);

            // the request, as seen on the wire
            RecordedMessage request = wire.await(m -> m.topic().contains("/CONF-V1/GET"), WAIT);
            assertThat(request.topic()).isEqualTo("$EDC/acc/gw-1/CONF-V1/GET/configurations/a.b-c");
            assertThat(request.qos()).isZero();
            assertThat(request.retained()).isFalse();
            RawKuraPayload sent = request.kura();
            assertThat(sent.wasGzipped()).isFalse();
            assertThat(sent.timestamp()).isNull();
            assertThat(sent.metrics().keySet()).containsExactly("dp.name", "request.id", "requester.client.id");
            assertThat(sent.metricList()).allMatch(m -> m.is(MetricType.STRING));
            assertThat(sent.getString("request.id")).matches("-?\\d+");
            assertThat(sent.getString("requester.client.id")).isEqualTo(kapua.clientId());
            assertThat(args.metricList()).hasSize(1); // the caller's payload is not modified

            // the reply
            String id = sent.getString("request.id");
            assertThat(reply.topic()).isEqualTo("$EDC/acc/" + kapua.clientId() + "/CONF-V1/REPLY/" + id);
            assertThat(reply.topic().split("/")).hasSize(6);
            assertThat(reply.requestId()).isEqualTo(id);
            assertThat(reply.responseCode()).isEqualTo(200);
            assertThat(reply.isOk()).isTrue();
            assertThat(reply.exceptionMessage()).isNull();
            assertThat(reply.payload().getString("echo.method")).isEqualTo("GET");
            assertThat(reply.payload().getString("echo.resources")).isEqualTo("configurations/a.b-c");
            RecordedMessage onWire = wire.awaitTopic(reply.topic(), WAIT);
            assertThat(onWire.qos()).isZero();
            assertThat(onWire.sequence()).isGreaterThan(request.sequence());
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void gzippedRepliesAreAccepted(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            gw.mode = TinyGateway.Mode.GZIP;
            Reply reply = kapua.request("acc", "gw-1", "DEPLOY-V2", "EXEC", List.of("download"), null, WAIT);
            assertThat(reply.payload().wasGzipped()).isTrue();
            assertThat(reply.responseCode()).isEqualTo(200);
            assertThat(reply.payload().getInt32("echo.metrics")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void parallelRequestsGetTheirOwnReplies(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            List<String> resources = List.of("r0", "r1", "r2", "r3", "r4", "r5");
            List<Reply> replies = resources.parallelStream().map(r -> {
                try {
                    return kapua.request("acc", "gw-1", "ASSET-V1", "GET", List.of(r), null, WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(replies).extracting(r -> r.payload().getString("echo.resources"))
                    .containsExactlyElementsOf(resources);
            assertThat(replies).extracting(Reply::requestId).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void anUnansweredRequestTimesOutWithAClearMessage(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            assertThatThrownBy(() -> kapua.request("acc", "nobody", "CONF-V1", "GET", List.of(), null,
                    NO_REPLY_WAIT))
                    .isInstanceOf(NoReplyException.class)
                    .hasMessageContaining("no reply from nobody to GET $EDC/acc/nobody/CONF-V1/GET")
                    .hasMessageContaining("on $EDC/acc/" + kapua.clientId() + "/CONF-V1/REPLY/")
                    .hasMessageContaining("within PT2S");
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void aWronglyTypedRequestIdIsSentAsIsAndAnyReplyIsCaught(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            RawKuraPayload wrong = new RawKuraPayload().metric("request.id", MetricType.INT64, 77L);

            // a correct gateway drops it
            assertThatThrownBy(() -> kapua.request("acc", "gw-1", "CMD-V1", "EXEC", List.of("command"), wrong,
                    NO_REPLY_WAIT))
                    .isInstanceOf(NoReplyException.class)
                    .hasMessageContaining("/CMD-V1/REPLY/#");
            assertThat(gw.received).hasSize(1);
            Metric sentId = RawKuraPayload.decode(gw.received.get(0).payload()).get("request.id");
            assertThat(sentId).isEqualTo(Metric.of("request.id", MetricType.INT64, 77L));

            // a buggy one answers anyway, and the test sees it
            gw.mode = TinyGateway.Mode.BUGGY;
            Reply reply = kapua.request("acc", "gw-1", "CMD-V1", "EXEC", List.of("command"), wrong, WAIT);
            assertThat(reply.requestId()).isEqualTo("77");
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void aReplyThatIsNotAKuraPayloadIsReported(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            gw.mode = TinyGateway.Mode.GARBAGE;
            assertThatThrownBy(() -> kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of(), null, WAIT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the reply to $EDC/acc/gw-1/CONF-V1/GET is not a valid Kura payload");
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void notificationsAndRawMessages(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url());
                TopicRecorder notifications = kapua.captureNotifications("acc")) {
            gw.notify(kapua.clientId(), "download", new RawKuraPayload()
                    .metric("job.id", MetricType.INT64, 12L)
                    .metric("dp.download.status", MetricType.STRING, "IN_PROGRESS")
                    .metric("dp.download.progress", MetricType.INT32, 50));
            gw.notify("someone-else", "download", new RawKuraPayload());
            RecordedMessage n = notifications.await(m -> true, WAIT);
            assertThat(n.topic()).isEqualTo("$EDC/acc/" + kapua.clientId() + "/DEPLOY-V2/NOTIFY/gw-1/download");
            assertThat(n.kura().getInt64("job.id")).isEqualTo(12L);

            byte[] garbage = {0x00, (byte) 0xFF, 0x1F, (byte) 0x8B};
            kapua.sendRaw("$EDC/acc/gw-1/CONF-V1/GET/configurations", garbage, 1);
            // the notification to someone else was not captured (it was sent before this raw message arrived)
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (gw.received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // polling a condition, with a deadline
            }
            assertThat(gw.received).singleElement().satisfies(r -> {
                assertThat(r.topic()).isEqualTo("$EDC/acc/gw-1/CONF-V1/GET/configurations");
                assertThat(r.payload()).isEqualTo(garbage);
                assertThat(r.qos()).isEqualTo(1);
            });
            assertThat(notifications.messages()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void repliesNobodyWaitsForAreKept(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            assertThat(kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of(), null, WAIT).isOk()).isTrue();
            String stray = KapuaManagerClient.replyTopic("acc", kapua.clientId(), "CONF-V1", "999");
            gw.mqtt.publish(stray, new RawKuraPayload().metric("response.code", MetricType.INT32, 200).encode(), 0,
                    false);
            // a request after the stray reply: its own reply comes later on the same subscription
            assertThat(kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of(), null, WAIT).isOk()).isTrue();
            assertThat(kapua.unexpectedReplies()).singleElement()
                    .satisfies(m -> assertThat(m.topic()).isEqualTo(stray));
        }
    }

    @ParameterizedTest
    @EnumSource(Brokers.class)
    void clientsSurviveABrokerRestart(Brokers kind) throws Exception {
        try (TestBroker broker = kind.start();
                TinyGateway gw = new TinyGateway(broker.url(), "acc", "gw-1");
                KapuaManagerClient kapua = KapuaManagerClient.connect(broker.url())) {
            assertThat(kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of(), null, WAIT).isOk()).isTrue();
            broker.restart();
            long deadline = System.nanoTime() + WAIT.toNanos();
            // both reconnect by themselves; the gateway restores its subscription
            while (!(kapua.mqtt().isConnected() && gw.mqtt.isConnected()) && System.nanoTime() < deadline) {
                Thread.sleep(20); // polling a condition, with a deadline
            }
            Reply again = null;
            while (again == null && System.nanoTime() < deadline) {
                try {
                    again = kapua.request("acc", "gw-1", "CONF-V1", "GET", List.of(), null, NO_REPLY_WAIT);
                } catch (NoReplyException e) {
                    // the gateway's re-subscription may still be on its way
                }
            }
            assertThat(again).isNotNull();
            assertThat(again.isOk()).isTrue();
        }
    }

    @Test
    void topicLevelsAreValidated() {
        assertThatThrownBy(() -> KapuaManagerClient.requestTopic("acc", "gw/1", "CONF-V1", "GET", List.of()))
                .hasMessageContaining("target client id 'gw/1' is not a valid topic level");
        assertThatThrownBy(() -> KapuaManagerClient.requestTopic("acc", "gw", "CONF-V1", "GET", List.of("a+")))
                .hasMessageContaining("resource 'a+'");
        assertThat(KapuaManagerClient.replyTopic("acc", "me", "CONF-V1", "-5"))
                .isEqualTo("$EDC/acc/me/CONF-V1/REPLY/-5");
    }
}
