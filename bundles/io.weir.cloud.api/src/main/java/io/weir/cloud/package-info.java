// SPDX-License-Identifier: Apache-2.0
/**
 * The cloud link as gateway applications see it, independent of the wire protocol.
 *
 * <ul>
 * <li>{@link io.weir.cloud.CloudConnection}: the connection's status, and connect/disconnect.</li>
 * <li>{@link io.weir.cloud.CloudPublisher}: publish {@link io.weir.cloud.CloudPayload payloads} or {@link
 * io.weir.data.Record records} to a semantic topic with a {@link io.weir.cloud.QoS} and a priority. The
 * returned promise resolves once the message is accepted; for QoS 1 and 2 that means durable in the
 * store-and-forward store, so it survives broker outages, {@code kill -9} and power loss (at-least-once).</li>
 * <li>{@link io.weir.cloud.CloudSubscriber}: receive data messages addressed to this gateway.</li>
 * <li>{@link io.weir.cloud.RequestHandler}: whiteboard services that answer remote-management {@link
 * io.weir.cloud.Request requests} for one app id (such as {@code DEPLOY-V2}), and can send progress
 * notifications.</li>
 * </ul>
 *
 * <p><b>Topics.</b> A <em>semantic topic</em> is relative to the gateway's own data namespace: the connector
 * prefixes it with {@code {account}/{clientId}/}, so {@code W1/vibration/features} is published on {@code
 * {account}/{clientId}/W1/vibration/features}. By convention its first level is an application id.
 *
 * <p><b>Priorities</b> run from {@value io.weir.cloud.CloudMessage#PRIORITY_HIGHEST} (most urgent, sent first)
 * to {@value io.weir.cloud.CloudMessage#PRIORITY_LOWEST}. Lifecycle messages use 0, replies and notifications
 * {@value io.weir.cloud.CloudMessage#PRIORITY_CONTROL}, application data {@value
 * io.weir.cloud.CloudMessage#PRIORITY_DEFAULT} by default.
 *
 * <p><b>Threads.</b> No method in this package blocks on the network: asynchronous results are {@link
 * org.osgi.util.promise.Promise promises}. Callbacks never run on the MQTT client's own thread.
 *
 * <p><b>Errors.</b> A broker outage is connection state, not an exception: publishing goes on into the store.
 * Promises fail with {@link io.weir.cloud.CloudException} when a message cannot be accepted.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. All records are
 * immutable and safe to share between threads.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.cloud;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
