// SPDX-License-Identifier: Apache-2.0
/**
 * Assets: the device model between drivers and pipelines.
 *
 * <p>An {@link io.weir.asset.Asset asset} is a named set of {@link io.weir.driver.Channel channels} of one
 * {@link io.weir.driver.Driver driver} instance, sampled on a period or listened to. Each factory
 * configuration of Weir's asset component makes one asset. An asset emits {@link io.weir.data.Record records}
 * to the {@link io.weir.data.RecordListener} services that select it with the {@link io.weir.asset.AssetSource}
 * service property, and reports its {@link io.weir.asset.AssetStatus status}.
 *
 * <p><b>Errors.</b> An asset never throws because a device is down, slow or misconfigured. It reports the
 * fault as status ({@link io.weir.asset.AssetState#OFFLINE} or {@link io.weir.asset.AssetState#ERROR} with a
 * {@link io.weir.asset.AssetStatusReason reason} and a message) and as per-channel {@link
 * io.weir.driver.ChannelResult results}, and retries with a backoff.
 *
 * <p><b>Threads.</b> Each asset samples on a thread it owns, so a slow device never delays another asset.
 * Methods of {@link io.weir.asset.Asset} never block: device access is asynchronous and returns a {@link
 * org.osgi.util.promise.Promise}.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. All records are
 * immutable and safe to share between threads.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.asset;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
