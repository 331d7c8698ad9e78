// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.mqtt.RecordedMessage;
import io.weir.testkit.mqtt.TopicRecorder;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.jspecify.annotations.Nullable;

/**
 * A gateway as OFFLOAD-V1 describes it, played by a raw Paho client and the test kit's payload writer (none of the
 * service's code): publishes requests on its own data topics and records what arrives on its own control topics,
 * {@code $EDC/{account}/{clientId}/#}, answering each result request as Kura answers any request.
 */
final class FakeGateway implements AutoCloseable {

    static final String ACCOUNT = "weir";

    final String clientId;
    final PahoClient client;
    final TopicRecorder inbox;
    final AtomicInteger repliesSent = new AtomicInteger();

    FakeGateway(String brokerUrl, String clientId) throws MqttException {
        this.clientId = clientId;
        this.client = PahoClient.connect(brokerUrl, clientId);
        String filter = "$EDC/" + ACCOUNT + "/" + clientId + "/#";
        this.inbox = TopicRecorder.fed(filter, () -> { });
        client.subscribe(filter, 1, (topic, m) -> {
            inbox.offer(topic, m.getPayload(), m.getQos(), m.isRetained());
            reply(m.getPayload());
        });
    }

    /** Answers a Kura request on the requester's REPLY topic with 200 (async: this runs on Paho's callback thread). */
    private void reply(byte[] request) throws MqttException {
        RawKuraPayload r = RawKuraPayload.decode(request);
        String replyTopic = "$EDC/" + ACCOUNT + "/" + r.getString("requester.client.id") + "/OFFLOAD-V1/REPLY/"
                + r.getString("request.id");
        byte[] reply = new RawKuraPayload().timestamp(System.currentTimeMillis())
                .metric("response.code", MetricType.INT32, 200).encode();
        client.paho().publish(replyTopic, new MqttMessage(reply));
        repliesSent.incrementAndGet();
    }

    /** @return a well-formed request payload, to be changed by a test before sending */
    static RawKuraPayload request(String requestId, String service, long deadline, byte @Nullable [] body) {
        return new RawKuraPayload().timestamp(System.currentTimeMillis())
                .metric("request.id", MetricType.STRING, requestId)
                .metric("service", MetricType.STRING, service)
                .metric("deadline", MetricType.INT64, deadline)
                .body(body);
    }

    static long inSeconds(int seconds) {
        return System.currentTimeMillis() + seconds * 1000L;
    }

    String requestTopic(String requestId) {
        return ACCOUNT + "/" + clientId + "/W1/OFFLOAD-V1/" + requestId;
    }

    String resultTopic(String requestId) {
        return "$EDC/" + ACCOUNT + "/" + clientId + "/OFFLOAD-V1/PUT/result/" + requestId;
    }

    void send(String requestId, RawKuraPayload payload) throws MqttException {
        sendRaw(requestTopic(requestId), payload.encode());
    }

    void sendRaw(String topic, byte[] bytes) throws MqttException {
        client.publish(topic, bytes, 0, false);
    }

    RecordedMessage awaitResult(String requestId) throws TimeoutException, InterruptedException {
        return inbox.awaitTopic(resultTopic(requestId), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        client.close();
    }
}
