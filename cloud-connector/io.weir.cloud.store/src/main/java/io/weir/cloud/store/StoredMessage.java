// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * One stored outbound message. Treat {@link #payload()} as read-only: it is not copied.
 *
 * @param id the store id: {@code (priority << 56) | seq}, see {@link MessageStore}
 * @param priority 0 (most urgent) to 9
 * @param topic the full MQTT topic
 * @param qos MQTT QoS 0..2
 * @param retain the MQTT retain flag
 * @param createdMillis when it was appended (epoch milliseconds)
 * @param payload the MQTT payload
 */
public record StoredMessage(long id, int priority, String topic, int qos, boolean retain, long createdMillis,
        byte[] payload) {

    /** Checks the arguments are present. */
    public StoredMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage m && m.id == id && m.priority == priority && m.qos == qos
                && m.retain == retain && m.createdMillis == createdMillis && m.topic.equals(topic)
                && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, priority, topic, qos, retain, createdMillis) * 31 + Arrays.hashCode(payload);
    }

    /** Never shows the payload bytes, only their length. */
    @Override
    public String toString() {
        return "StoredMessage[id=" + id + ", priority=" + priority + ", topic=" + topic + ", qos=" + qos + ", retain="
                + retain + ", createdMillis=" + createdMillis + ", payload=" + payload.length + " bytes]";
    }
}
