// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives data messages through a {@link CloudSubscriber} subscription. Implemented by many bundles, hence a
 * consumer type.
 *
 * <p>Threads: called on a connector delivery thread, never the MQTT client's own thread; calls to one
 * listener are sequential and in arrival order. The call must return quickly: a slow listener delays later
 * messages to the same listener. An exception thrown by the listener is logged and the message is dropped.
 */
@ConsumerType
@FunctionalInterface
public interface CloudMessageListener {

    /**
     * @param topic the semantic topic the message arrived on, relative to {@code {account}/{clientId}/}; never
     *        {@code null}
     * @param payload the decoded payload; bytes that are not a valid protocol payload arrive as the body of an
     *        otherwise empty payload. Never {@code null}.
     */
    void onMessage(String topic, CloudPayload payload);
}
