// SPDX-License-Identifier: Apache-2.0
/**
 * Builds and reads Weir model bundles: {@link io.weir.model.builder.ModelBundle} checks an ONNX file (in ONNX
 * Runtime) and its metadata and assembles the bundle with bnd, reproducibly; {@link
 * io.weir.model.builder.ModelBundles} reads one back; {@link io.weir.model.builder.Main} is the command line
 * that the Maven template {@code weir-model-parent} runs. Plain Java for build tools and tests, not exported.
 *
 * <p>Nothing here accepts or returns {@code null} unless marked {@code @Nullable}. Builders are for one thread;
 * results are immutable.
 */
@NullMarked
package io.weir.model.builder;

import org.jspecify.annotations.NullMarked;
