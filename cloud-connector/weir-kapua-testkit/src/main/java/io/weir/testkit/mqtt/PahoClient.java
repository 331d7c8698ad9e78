// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected Paho MQTT 3.1.1 client (clean session) for tests. It reconnects by itself after a broker outage
 * (retrying every second at most) and then restores its standing subscriptions. Every operation waits for its
 * acknowledgement, up to {@link #OPERATION_TIMEOUT}.
 *
 * <p>Message listeners run on Paho's single callback thread: they must not block or call back into this client
 * synchronously.
 */
public final class PahoClient implements AutoCloseable {

    /** How long connect, subscribe, publish and disconnect may take. */
    public static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(PahoClient.class);

    private record Subscription(int qos, IMqttMessageListener listener) {
    }

    private final MqttAsyncClient client;
    private final Map<String, Subscription> standing = new ConcurrentHashMap<>();

    private PahoClient(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects anonymously.
     *
     * @param brokerUrl {@code tcp://host:port}
     * @param clientId the MQTT client identifier
     * @return the connected client
     * @throws MqttException if the connection fails
     */
    public static PahoClient connect(String brokerUrl, String clientId) throws MqttException {
        return connect(brokerUrl, clientId, null, null);
    }

    /**
     * @param brokerUrl {@code tcp://host:port}
     * @param clientId the MQTT client identifier
     * @param username user name, {@code null} for anonymous
     * @param password password, {@code null} for none
     * @return the connected client
     * @throws MqttException if the connection fails, for example with reason code 5 when not authorized
     */
    public static PahoClient connect(String brokerUrl, String clientId, @Nullable String username,
            @Nullable String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        PahoClient pc = new PahoClient(c);
        c.setCallback(pc.new Callback());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(1000);
        o.setConnectionTimeout((int) OPERATION_TIMEOUT.toSeconds());
        o.setKeepAliveInterval(30);
        o.setMaxInflight(1000);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.toCharArray());
        }
        try {
            c.connect(o).waitForCompletion(OPERATION_TIMEOUT.toMillis());
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return pc;
    }

    /** @return a client id that no other test client uses: {@code prefix-<random>} */
    public static String uniqueId(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    /** @return the MQTT client identifier */
    public String clientId() {
        return client.getClientId();
    }

    /** @return whether the client is connected right now */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** @return the underlying Paho client, for what this class does not offer */
    public MqttAsyncClient paho() {
        return client;
    }

    /**
     * Subscribes and waits for the SUBACK. The subscription is restored after every reconnection until {@link
     * #unsubscribe}.
     *
     * @param filter the topic filter
     * @param qos the requested QoS
     * @param listener receives the matching messages
     * @return the granted QoS
     * @throws MqttException if the broker refuses the subscription (granted QoS 0x80) or does not answer
     */
    public int subscribe(String filter, int qos, IMqttMessageListener listener) throws MqttException {
        standing.put(filter, new Subscription(qos, listener));
        IMqttToken t = client.subscribe(filter, qos, listener);
        t.waitForCompletion(OPERATION_TIMEOUT.toMillis());
        int granted = t.getGrantedQos()[0];
        if (granted == 0x80) {
            standing.remove(filter);
            throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED,
                    new IllegalStateException("the broker refused the subscription to " + filter));
        }
        return granted;
    }

    /**
     * Unsubscribes, without waiting for the UNSUBACK. (Apache Artemis 2.44 may take 30 s to answer an UNSUBSCRIBE
     * that races with the delivery of a QoS 0 message on the same subscription.)
     *
     * @param filter a filter passed to {@link #subscribe}
     */
    public void unsubscribe(String filter) {
        standing.remove(filter);
        try {
            if (client.isConnected()) {
                client.unsubscribe(filter);
            }
        } catch (MqttException e) {
            LOG.debug("unsubscribe {} failed: {}", filter, e.toString());
        }
    }

    /**
     * Publishes and waits until the message is sent (QoS 0) or acknowledged (QoS 1 and 2).
     *
     * @param topic the topic
     * @param payload the bytes
     * @param qos 0, 1 or 2
     * @param retained the retain flag
     * @throws MqttException if the client is disconnected or the broker does not acknowledge
     */
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setRetained(retained);
        client.publish(topic, m).waitForCompletion(OPERATION_TIMEOUT.toMillis());
    }

    /** Disconnects (waiting for the DISCONNECT to be sent) and releases the client. Idempotent. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(OPERATION_TIMEOUT.toMillis());
            }
        } catch (MqttException e) {
            LOG.debug("disconnect of {} failed: {}", clientId(), e.toString());
        }
        try {
            // a forced close while Paho's receiver thread still runs makes that thread fail with an NPE (Paho
            // 1.2.5): force only what a normal close refuses (a client still connecting or reconnecting)
            client.close();
        } catch (MqttException e) {
            try {
                client.close(true);
            } catch (MqttException e2) {
                LOG.debug("close of {} failed: {}", clientId(), e2.toString());
            }
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) {
                return;
            }
            standing.forEach((filter, s) -> {
                try {
                    client.subscribe(filter, s.qos(), s.listener()); // async: this is Paho's callback thread
                } catch (MqttException e) {
                    LOG.warn("{} could not restore its subscription to {}: {}", clientId(), filter, e.toString());
                }
            });
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.debug("{} lost its connection: {}", clientId(), cause.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // every message goes to a subscription's listener
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
