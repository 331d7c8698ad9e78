// SPDX-License-Identifier: Apache-2.0
/**
 * Small, real ONNX models built in Java for tests and benchmarks: {@link io.weir.model.testmodels.LogisticRegression}
 * (Gemm + Softmax, with a pure-Java expected output), {@link io.weir.model.testmodels.MixedTypes} (several element
 * types, ranks and fixed/dynamic dimensions), {@link io.weir.model.testmodels.Identity} (any type and shape),
 * {@link io.weir.model.testmodels.BadModels} (garbage, truncated, non-tensor output), and the builder under them,
 * {@link io.weir.model.testmodels.OnnxGraph}. Every method returns the serialized ONNX {@code ModelProto}; the same
 * arguments give the same bytes. Plain Java, used on a class path by tests; not exported.
 */
package io.weir.model.testmodels;
