// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker.internal;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.core.protocol.mqtt.MQTTInterceptor;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connection of a client that publishes a message larger than the limit, like mosquitto's {@code
 * max_packet_size} does. Artemis enforces its own {@code maximumPacketSize} only for MQTT 5 clients; without this an
 * MQTT 3.1.1 client could push messages of up to 256 MiB into the broker's memory.
 *
 * <p>The connection is failed (not closed cleanly), so the client's will message is published.
 */
public final class PacketSizeLimit implements MQTTInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(PacketSizeLimit.class);

    private final int maxPayloadBytes;

    /** @param maxPayloadBytes the largest PUBLISH payload accepted, in bytes */
    public PacketSizeLimit(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public boolean intercept(MqttMessage message, RemotingConnection connection) {
        if (message.fixedHeader().messageType() != MqttMessageType.PUBLISH) {
            return true;
        }
        int size = ((MqttPublishMessage) message).payload().readableBytes();
        if (size <= maxPayloadBytes) {
            return true;
        }
        LOG.warn("Client '{}' at {} published {} bytes to '{}', more than the limit of {} bytes; closing its connection",
                connection.getClientID(), connection.getRemoteAddress(), size,
                ((MqttPublishMessage) message).variableHeader().topicName(), maxPayloadBytes);
        connection.fail(new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION,
                "message of " + size + " bytes exceeds the broker's limit of " + maxPayloadBytes + " bytes"));
        return false;
    }
}
