// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.mqtt;

import io.weir.testkit.payload.RawKuraPayload;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A message a {@link TopicRecorder} received.
 *
 * @param sequence its position in the recording, from 0
 * @param topic the topic it was published to
 * @param payload the bytes
 * @param qos the QoS it was delivered with (the recorder subscribes with QoS 2, so this is the publisher's QoS)
 * @param retained whether the broker delivered it as a retained message
 * @param arrival when it arrived
 */
public record RecordedMessage(long sequence, String topic, byte[] payload, int qos, boolean retained,
        Instant arrival) {

    /** Checks the components. */
    public RecordedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(arrival, "arrival");
    }

    /**
     * @return the payload decoded as a Kura payload
     * @throws io.weir.testkit.payload.MalformedKuraPayloadException if it is not one
     */
    public RawKuraPayload kura() {
        return RawKuraPayload.decode(payload);
    }

    /** @return the payload as UTF-8 text */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** @return the topic split at {@code /} */
    public List<String> levels() {
        return List.of(topic.split("/", -1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordedMessage m && sequence == m.sequence && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload) && qos == m.qos && retained == m.retained
                && arrival.equals(m.arrival);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, topic, Arrays.hashCode(payload), qos, retained, arrival);
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + topic + " (" + payload.length + " bytes, QoS " + qos
                + (retained ? ", retained" : "") + ")";
    }
}
