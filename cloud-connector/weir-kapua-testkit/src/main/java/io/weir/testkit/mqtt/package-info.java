// SPDX-License-Identifier: Apache-2.0
/**
 * MQTT tools for tests, on Eclipse Paho: {@link io.weir.testkit.mqtt.PahoClient} (a connected client that survives
 * broker restarts and re-subscribes) and {@link io.weir.testkit.mqtt.TopicRecorder} (records what is published on
 * topic filters, in order, and waits for expected messages).
 */
@NullMarked
package io.weir.testkit.mqtt;

import org.jspecify.annotations.NullMarked;
