// SPDX-License-Identifier: Apache-2.0
/**
 * The stage library: one {@link io.weir.pipeline.StageFactory} component per stage type and one plain {@link
 * io.weir.pipeline.Stage} class per behaviour. Not exported.
 */
@NullMarked
package io.weir.pipeline.stages.internal;

import org.jspecify.annotations.NullMarked;
