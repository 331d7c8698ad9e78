// SPDX-License-Identifier: Apache-2.0
/**
 * Local inference: an {@link io.weir.inference.InferenceEngine engine} runs {@link io.weir.inference.Model
 * models} on {@link io.weir.inference.Tensor tensors}.
 *
 * <p>Models arrive as <em>model bundles</em>: a bundle with a model file and a {@value
 * io.weir.inference.ModelCapability#NAMESPACE} capability ({@link io.weir.inference.ModelCapability} lists its
 * attributes). The engine is an extender: it loads and warms each new version, swaps it in atomically and
 * closes the old one once its in-flight calls have finished. Callers that run inference by model name through
 * {@link io.weir.inference.InferenceEngine#run(String, java.util.Map)} therefore never see a gap, and each
 * {@link io.weir.inference.InferenceResult result} names the version that produced it.
 *
 * <p>{@link io.weir.inference.TensorCodec} (since 1.2) writes and reads tensors in a documented binary format
 * (WTN1), for inference offloaded to the cloud.
 *
 * <p><b>Threads.</b> Inference is CPU-bound work done on the caller's thread: the run methods block for the
 * computation. They are thread-safe and may be called concurrently. Do not call them from SCR, event or I/O
 * threads.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable}. Tensors,
 * descriptors and results are immutable and safe to share between threads.
 */
@Export
@Version("1.2.0")
@NullMarked
package io.weir.inference;

import org.jspecify.annotations.NullMarked;
import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
