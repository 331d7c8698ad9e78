// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code latency-aware} scheduling policy as a plain class: {@link
 * io.weir.scheduler.policy.latency.LatencyAwarePolicy}, built from {@link
 * io.weir.scheduler.policy.latency.LatencyAwareSettings}. Exported so the scheduling benchmark drives the very class
 * the gateway registers, without OSGi; the bundle's DS component only wraps it.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.scheduler.policy.latency;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
