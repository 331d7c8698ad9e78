// SPDX-License-Identifier: Apache-2.0
/**
 * Conversions between Weir tensors and ONNX Runtime tensors, for code that runs ONNX Runtime itself: the engine, and
 * the cloud inference service.
 */
@Export
@Version("1.0.0")
@NullMarked
package io.weir.inference.onnx.convert;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
