// SPDX-License-Identifier: Apache-2.0
/**
 * A durable, prioritised store-and-forward message store for the cloud connector.
 *
 * <p>{@link io.weir.cloud.store.MessageStore} keeps outbound MQTT messages in one H2 MVStore file until the broker
 * acknowledges them. {@link io.weir.cloud.store.MessageStore#append append} completes its future only once the
 * message is committed <em>and</em> fsync'd, so an accepted message survives {@code kill -9} and power loss.
 * Messages are sent in Kura's DataService order: priority ascending (0 first), then append order.
 * {@link io.weir.cloud.store.MessageStore#appendAll appendAll} stores an atomic batch: all of its messages in one
 * commit, or none of them.
 *
 * <p>This is a plain library (no OSGi services, no DS components): the cloud connector bundle creates one store,
 * owns it, and closes it.
 *
 * <p><b>Threads.</b> All methods may be called from any thread. No method blocks on disk I/O except
 * {@link io.weir.cloud.store.MessageStore#open open} and {@link io.weir.cloud.store.MessageStore#close close};
 * {@link io.weir.cloud.store.MessageStore#pending pending} may read payload bytes from the file (usually the
 * page cache). Futures complete on the store's own completion thread ({@code weir-cloud-store-complete}).
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.cloud.store;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
