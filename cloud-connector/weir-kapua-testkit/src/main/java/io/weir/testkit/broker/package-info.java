// SPDX-License-Identifier: Apache-2.0
/**
 * MQTT brokers for tests: the embedded Artemis broker ({@code weir-broker}, the broker Kapua uses) and Debian's
 * mosquitto as a child process, behind one {@link io.weir.testkit.broker.TestBroker} interface, so that a test can
 * run against both with {@code @EnumSource(Brokers.class)}.
 */
@NullMarked
package io.weir.testkit.broker;

import org.jspecify.annotations.NullMarked;
