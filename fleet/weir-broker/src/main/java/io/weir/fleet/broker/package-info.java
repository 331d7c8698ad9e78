// SPDX-License-Identifier: Apache-2.0
/**
 * Weir's MQTT broker: an embedded Apache ActiveMQ Artemis (the broker Eclipse Kapua uses) with one MQTT 3.1.1
 * acceptor.
 *
 * <ul>
 * <li>{@link io.weir.fleet.broker.WeirBroker}: build, start, stop and restart the broker, from code (tests) or
 * from the command line ({@code ./weir up}).</li>
 * <li>{@link io.weir.fleet.broker.DeviceSecurity}: the extension point for per-device authentication and topic
 * access control. Without one the broker accepts anonymous clients and allows every topic.</li>
 * </ul>
 *
 * <p>Plain Java, not an OSGi bundle. Nothing in this package accepts or returns {@code null} unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.weir.fleet.broker;

import org.jspecify.annotations.NullMarked;
