// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/**
 * A tiny request responder written in the test, straight from spec §3: it subscribes to {@code
 * $EDC/{account}/{clientId}/#} and answers each valid request on {@code
 * $EDC/{account}/{requester}/{appId}/REPLY/{request.id}} with {@code response.code} 200 and echo metrics.
 */
final class TinyGateway implements AutoCloseable {

    enum Mode {
        /** Answers valid requests, drops invalid ones (as Kura does). */
        CORRECT,
        /** Also answers requests whose request.id is not a STRING, with its value as text. */
        BUGGY,
        /** Gzips its replies (Kura's encode.gzip). */
        GZIP,
        /** Answers with bytes that are not a Kura payload. */
        GARBAGE
    }

    /** A request as the gateway received it. */
    record Received(String topic, byte[] payload, int qos, boolean retained) {
    }

    final String account;
    final PahoClient mqtt;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile Mode mode = Mode.CORRECT;

    TinyGateway(String url, String account, String clientId) throws MqttException {
        this.account = account;
        this.mqtt = PahoClient.connect(url, clientId);
        mqtt.subscribe("$EDC/" + account + "/" + clientId + "/#", 1, (topic, m) -> handle(topic, m));
    }

    private void handle(String topic, MqttMessage m) throws MqttException {
        received.add(new Received(topic, m.getPayload(), m.getQos(), m.isRetained()));
        List<String> levels = Arrays.asList(topic.split("/"));
        if (levels.size() < 5) {
            return;
        }
        RawKuraPayload request;
        try {
            request = RawKuraPayload.decode(m.getPayload());
        } catch (IllegalArgumentException e) {
            return; // Kura would wrap it as a body and find no request.id: dropped
        }
        Metric id = request.get("request.id");
        Metric requester = request.get("requester.client.id");
        boolean valid = id != null && id.is(MetricType.STRING) && requester != null
                && requester.is(MetricType.STRING);
        if (!valid && !(mode == Mode.BUGGY && id != null && requester != null)) {
            return;
        }
        String appId = levels.get(3);
        String replyTopic = "$EDC/" + account + "/" + requester.value() + "/" + appId + "/REPLY/" + id.value();
        RawKuraPayload reply = new RawKuraPayload()
                .timestamp(System.currentTimeMillis())
                .metric("response.code", MetricType.INT32, 200)
                .metric("echo.method", MetricType.STRING, levels.get(4))
                .metric("echo.resources", MetricType.STRING, String.join("/", levels.subList(5, levels.size())))
                .metric("echo.metrics", MetricType.INT32, request.metricList().size());
        byte[] bytes = switch (mode) {
            case GZIP -> reply.encodeGzip();
            case GARBAGE -> "not protobuf".getBytes(StandardCharsets.UTF_8);
            default -> reply.encode();
        };
        // asynchronously: this is Paho's callback thread; QoS 0 and no retain, as Kura replies
        mqtt.paho().publish(replyTopic, bytes, 0, false);
    }

    /** Publishes a DEPLOY-V2 notification to a requester, as Kura's NotificationPublisher does (spec §3.3). */
    void notify(String requester, String resource, RawKuraPayload payload) throws MqttException {
        mqtt.publish("$EDC/" + account + "/" + requester + "/DEPLOY-V2/NOTIFY/" + mqtt.clientId() + "/" + resource,
                payload.encode(), 0, false);
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
