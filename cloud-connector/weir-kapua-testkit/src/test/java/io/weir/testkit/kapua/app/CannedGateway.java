// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.mqtt.PahoClient;
import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A gateway stand-in written in the test from spec §3: answers each valid request with what a function returns for
 * it, on the reply topic, QoS 0; publishes notifications to a requester.
 */
final class CannedGateway implements AutoCloseable {

    /** A request as received: topic levels after the method's position, and the payload. */
    record Request(String appId, String method, List<String> resources, RawKuraPayload payload) {
    }

    final String account;
    final PahoClient mqtt;
    final List<Request> received = new CopyOnWriteArrayList<>();
    volatile Function<Request, RawKuraPayload> responder = r -> ok();

    CannedGateway(String url, String account, String clientId) throws MqttException {
        this.account = account;
        this.mqtt = PahoClient.connect(url, clientId);
        mqtt.subscribe("$EDC/" + account + "/" + clientId + "/#", 1, (topic, m) -> {
            List<String> levels = Arrays.asList(topic.split("/"));
            if (levels.size() < 5) {
                return;
            }
            RawKuraPayload p = RawKuraPayload.decode(m.getPayload());
            Metric id = p.get("request.id");
            Metric requester = p.get("requester.client.id");
            if (id == null || !id.is(MetricType.STRING) || requester == null || !requester.is(MetricType.STRING)) {
                return;
            }
            Request r = new Request(levels.get(3), levels.get(4), levels.subList(5, levels.size()), p);
            received.add(r);
            RawKuraPayload reply = responder.apply(r).timestamp(System.currentTimeMillis());
            mqtt.paho().publish("$EDC/" + account + "/" + requester.value() + "/" + r.appId() + "/REPLY/"
                    + id.value(), reply.encode(), 0, false);
        });
    }

    static RawKuraPayload ok() {
        return new RawKuraPayload().metric("response.code", MetricType.INT32, 200);
    }

    static RawKuraPayload code(int code, String message) {
        return new RawKuraPayload().metric("response.code", MetricType.INT32, code)
                .metric("response.exception.message", MetricType.STRING, message);
    }

    /** Publishes without waiting (usable on Paho's callback thread); messages leave in call order. */
    void notify(String requester, String appId, String resource, RawKuraPayload payload) throws MqttException {
        mqtt.paho().publish("$EDC/" + account + "/" + requester + "/" + appId + "/NOTIFY/" + mqtt.clientId() + "/"
                + resource, payload.encode(), 0, false);
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
