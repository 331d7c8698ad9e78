// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The element type of a {@link Tensor}. The names follow the ONNX tensor element types. Defined by Weir: a
 * provider type (types may be added in minor versions, so callers keep a default branch).
 */
@ProviderType
public enum ElementType {
    /** 32-bit IEEE 754 floating point (ONNX {@code FLOAT}). */
    FLOAT,
    /** 64-bit IEEE 754 floating point (ONNX {@code DOUBLE}). */
    DOUBLE,
    /** 32-bit signed integer (ONNX {@code INT32}). */
    INT32,
    /** 64-bit signed integer (ONNX {@code INT64}). */
    INT64,
    /** Boolean (ONNX {@code BOOL}). */
    BOOL,
    /** Text (ONNX {@code STRING}). */
    STRING
}
