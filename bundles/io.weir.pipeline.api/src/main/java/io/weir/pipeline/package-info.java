// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines and the stage SPI.
 *
 * <p>A {@link io.weir.pipeline.Pipeline pipeline} is a named graph of stage instances, defined in
 * configuration. Each node names a stage <em>type</em> and carries that instance's configuration. A stage type
 * is provided by a {@link io.weir.pipeline.StageFactory} service carrying the {@link
 * io.weir.pipeline.StageType} property; the engine asks it for one {@link io.weir.pipeline.Stage} object per
 * node. Stages turn each input record into zero or more output records through an {@link
 * io.weir.pipeline.Emitter}.
 *
 * <p><b>Hot swap.</b> When a stage factory's bundle is updated or removed, the engine closes the stages it
 * made, holds records in the bounded upstream queue, and creates new stages when a factory of the same type
 * is back. A stage therefore starts with fresh state after a swap.
 *
 * <p><b>Threads.</b> The engine never calls one stage instance concurrently, and successive calls to it
 * happen-before each other, so a stage keeps plain mutable state without synchronisation. Different stage
 * instances run concurrently.
 *
 * <p><b>Errors.</b> A stage that fails on a record throws {@link io.weir.pipeline.StageException} (or any
 * runtime exception). The engine counts the error, sends the record with the reason to the pipeline's
 * dead-letter sink and carries on with the next record.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. All records are
 * immutable and safe to share between threads.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.pipeline;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
