// SPDX-License-Identifier: Apache-2.0
/**
 * Read access to the time-series ring buffers kept by {@code ring-buffer} stage nodes, for consoles and shell
 * commands that plot recent values.
 *
 * <p>The {@link io.weir.pipeline.stages.buffer.TimeSeriesBuffers} service is registered by the stage library
 * bundle ({@code io.weir.pipeline.stages}) while it is active. Buffers live only as long as their stage node: a
 * pipeline restart, a reconfiguration or an update of the stage bundle starts them empty.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.pipeline.stages.buffer;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
