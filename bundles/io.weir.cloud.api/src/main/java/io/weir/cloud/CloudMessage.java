// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A message to publish: a semantic topic, a payload, and delivery options. A DTO defined by Weir: a provider
 * type. Immutable.
 *
 * @param topic the semantic topic, relative to the gateway's data namespace {@code {account}/{clientId}/}, for
 *        example {@code W1/vibration/features}. Not empty; no MQTT wildcards ({@code +}, {@code #}); no empty
 *        level, so no leading, trailing or doubled {@code /}.
 * @param payload the content
 * @param qos the MQTT quality of service; QoS 1 and 2 messages are durable once accepted
 * @param priority from {@value #PRIORITY_HIGHEST} (most urgent, sent first) to {@value #PRIORITY_LOWEST}; order
 *        is kept among messages of the same priority
 * @param retain the MQTT retain flag
 */
@ProviderType
public record CloudMessage(String topic, CloudPayload payload, QoS qos, int priority, boolean retain) {

    /** The most urgent priority, used by lifecycle messages: {@value}. */
    public static final int PRIORITY_HIGHEST = 0;

    /** The priority of replies and notifications to remote management: {@value}. */
    public static final int PRIORITY_CONTROL = 1;

    /** The default priority of application data: {@value}. */
    public static final int PRIORITY_DEFAULT = 7;

    /** The least urgent priority: {@value}. */
    public static final int PRIORITY_LOWEST = 9;

    /**
     * Checks the topic and the priority.
     *
     * @param topic see {@link #topic()}
     * @param payload see {@link #payload()}
     * @param qos see {@link #qos()}
     * @param priority see {@link #priority()}
     * @param retain see {@link #retain()}
     */
    public CloudMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        if (topic.isEmpty() || topic.startsWith("/") || topic.endsWith("/") || topic.contains("//")) {
            throw new IllegalArgumentException("topic '" + topic + "' must be non-empty levels joined by '/'");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("topic '" + topic + "' must not contain '+', '#' or NUL");
        }
        if (priority < PRIORITY_HIGHEST || priority > PRIORITY_LOWEST) {
            throw new IllegalArgumentException("priority must be in [" + PRIORITY_HIGHEST + ", " + PRIORITY_LOWEST
                    + "], was " + priority);
        }
    }

    /**
     * A message that is not retained.
     *
     * @param topic the semantic topic
     * @param payload the content
     * @param qos the MQTT quality of service
     * @param priority from {@value #PRIORITY_HIGHEST} to {@value #PRIORITY_LOWEST}
     */
    public CloudMessage(String topic, CloudPayload payload, QoS qos, int priority) {
        this(topic, payload, qos, priority, false);
    }
}
