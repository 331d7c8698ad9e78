// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Test helper: a Paho client whose subscriptions collect every message, in arrival order. */
final class Inbox implements AutoCloseable {

    /** A received message. */
    record Received(String topic, byte[] payload, int qos, boolean retained) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(20);

    final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    Inbox(String url, String clientId) throws MqttException {
        this(url, clientId, options(true));
    }

    Inbox(String url, String clientId, MqttConnectOptions options) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        // a client callback, not per-subscription listeners: a resumed persistent session delivers its queued
        // messages right after CONNACK, before this client has subscribed anything
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, m.getPayload(), m.getQos(), m.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        client.connect(options);
    }

    static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(20);
        o.setKeepAliveInterval(30);
        return o;
    }

    /** Subscribes and returns the granted QoS (128 = refused). */
    int subscribe(String filter, int qos) throws MqttException {
        return client.subscribeWithResponse(new String[] {filter}, new int[] {qos}).getGrantedQos()[0];
    }

    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        client.publish(topic, m);
    }

    void publish(String topic, String payload, int qos) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    /** @return the next message, or fails the test after {@link #WAIT} */
    Received next() throws InterruptedException {
        Received r = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return r;
    }

    /** @return a message that arrives within the given time, or {@code null} */
    Received poll(Duration d) throws InterruptedException {
        return received.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Received> drain() {
        List<Received> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000);
        }
        client.close(true);
    }
}
