// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.Objects;

import io.weir.fleet.inference.Settings;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
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
 * The service's MQTT connection: one Paho client (MQTT 3.1.1, clean session, QoS 0 both ways, {@code TCP_NODELAY}
 * on plain TCP) subscribed to the request and reply filters. Paho reconnects by itself after a loss (at most 10 s
 * apart) and the subscriptions are made again. Messages are handed to the {@link Handler} on Paho's callback
 * thread, one at a time; an exception from the handler is logged, never passed to Paho (which would drop the
 * connection).
 */
public final class MqttLink implements AutoCloseable {

    /** Receives messages on Paho's callback thread; must not block. */
    public interface Handler {
        /**
         * @param topic a topic matching the request filter
         * @param payload the bytes
         */
        void request(String topic, byte[] payload);

        /**
         * @param topic a topic matching the reply filter
         * @param payload the bytes
         */
        void reply(String topic, byte[] payload);
    }

    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final int TIMEOUT_SECONDS = 10;

    private final Settings settings;
    private final Handler handler;
    private final MqttAsyncClient client;
    private final String[] filters;

    /**
     * Creates the client, not connected.
     *
     * @param settings broker, client id, credentials and account
     * @param handler receives the messages
     * @throws IllegalArgumentException if Paho refuses the broker URL or the client id
     */
    public MqttLink(Settings settings, Handler handler) {
        this.settings = settings;
        this.handler = handler;
        this.filters = new String[] {OffloadProtocol.requestFilter(settings.account()),
            OffloadProtocol.replyFilter(settings.account(), settings.clientId())};
        try {
            this.client = new MqttAsyncClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.brokerUrl() + ": "
                    + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    /** Why {@link #connect()} failed, and whether trying again may help. */
    public static final class ConnectFailure extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        ConnectFailure(String message, boolean permanent, @Nullable Throwable cause) {
            super(message, cause);
            this.permanent = permanent;
        }

        /**
         * @return true when the broker refused this client for good (bad protocol version, client id, credentials or
         *     permissions): trying again with the same settings fails the same way
         */
        public boolean permanent() {
            return permanent;
        }
    }

    /**
     * Connects and subscribes, waiting for both (at most {@value #TIMEOUT_SECONDS} s each). May be called again after
     * it failed.
     *
     * @throws ConnectFailure if the broker cannot be reached, refuses the connection or a subscription
     */
    public void connect() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(10_000);
        o.setConnectionTimeout(TIMEOUT_SECONDS);
        o.setKeepAliveInterval(30);
        if (settings.brokerUrl().startsWith("tcp://")) {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(Objects.requireNonNull(settings.password()).toCharArray());
        }
        if (!client.isConnected()) { // connected already when only the subscription failed last time
            try {
                client.connect(o).waitForCompletion(TIMEOUT_SECONDS * 1000L);
            } catch (MqttException e) {
                throw new ConnectFailure("cannot connect to " + settings.brokerUrl() + " as " + settings.clientId()
                        + ": " + e.getMessage() + reasonCode(e), refusedForGood(e), e);
            }
        }
        try {
            IMqttToken t = client.subscribe(filters, new int[] {0, 0});
            t.waitForCompletion(TIMEOUT_SECONDS * 1000L);
            int[] granted = t.getGrantedQos();
            for (int i = 0; i < granted.length; i++) {
                if (granted[i] == 0x80) {
                    throw new ConnectFailure("the broker refused the subscription to " + filters[i]
                            + " (does the user have the permissions of a manager in account "
                            + settings.account() + "?)", true, null);
                }
            }
        } catch (MqttException e) {
            throw new ConnectFailure("cannot subscribe to " + String.join(" and ", filters) + " on "
                    + settings.brokerUrl() + ": " + e.getMessage() + reasonCode(e), false, e);
        }
        LOG.info("connected to {} as {}, subscribed to {} and {}", settings.brokerUrl(), settings.clientId(),
                filters[0], filters[1]);
    }

    /** CONNACK refusals that the same settings will meet again: protocol version, client id, credentials, access. */
    private static boolean refusedForGood(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION, MqttException.REASON_CODE_INVALID_CLIENT_ID,
                    MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED -> true;
            default -> false;
        };
    }

    private static String reasonCode(MqttException e) {
        return " (MQTT reason code " + e.getReasonCode() + ")";
    }

    /**
     * Publishes with QoS 0, not retained. Does not block.
     *
     * @param topic the topic
     * @param payload the bytes
     * @throws MqttException if the client is not connected
     */
    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 0, false);
    }

    /** @return whether the client is connected right now */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Disconnects (waiting at most 2 s for messages being sent) and releases the client. Idempotent. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(TIMEOUT_SECONDS * 1000L);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect failed: {}", e.toString());
        }
        try {
            client.close();
        } catch (MqttException e) {
            try {
                client.close(true);
            } catch (MqttException e2) {
                LOG.debug("close failed: {}", e2.toString());
            }
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) {
                return;
            }
            LOG.info("reconnected to {}; subscribing again", serverURI);
            try {
                client.subscribe(filters, new int[] {0, 0}); // async: this is Paho's callback thread
            } catch (MqttException e) {
                LOG.warn("could not subscribe again to {} and {}: {}", filters[0], filters[1], e.toString());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("lost the connection to {} ({}); reconnecting", settings.brokerUrl(), cause.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                if (topic.startsWith(OffloadProtocol.CONTROL_PREFIX + "/")) {
                    handler.reply(topic, message.getPayload());
                } else {
                    handler.request(topic, message.getPayload());
                }
            } catch (RuntimeException e) {
                LOG.error("handling a message on {} failed", topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }
}
