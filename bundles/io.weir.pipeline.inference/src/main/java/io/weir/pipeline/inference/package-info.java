// SPDX-License-Identifier: Apache-2.0
/**
 * What the {@code inference} pipeline stage tells the rest of the gateway about model drift.
 *
 * <p>{@link io.weir.pipeline.inference.DriftEvents} names the EventAdmin topics and event properties a stage posts
 * when a statistic (input drift per feature, score drift, prediction-error drift) has stayed above its threshold
 * for the configured time, and when the drift clears; the cloud connector subscribes to them.
 * {@link io.weir.pipeline.inference.DriftMonitor} is a service listing the current drift statistics of every
 * running {@code inference} stage node, for consoles and shell commands.
 *
 * <p>Both are provided by the bundle {@code io.weir.pipeline.inference} while an
 * {@code io.weir.inference.InferenceEngine} service is present.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.pipeline.inference;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
