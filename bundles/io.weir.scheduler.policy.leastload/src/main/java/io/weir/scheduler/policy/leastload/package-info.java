// SPDX-License-Identifier: Apache-2.0
/**
 * The {@code least-load} scheduling policy as a plain class: {@link
 * io.weir.scheduler.policy.leastload.LeastLoadPolicy}, built from {@link
 * io.weir.scheduler.policy.leastload.LeastLoadSettings}. Exported so the scheduling benchmark drives the very class
 * the gateway registers, without OSGi; the bundle's DS component only wraps it.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.scheduler.policy.leastload;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
