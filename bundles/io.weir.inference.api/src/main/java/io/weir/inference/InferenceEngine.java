// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Finds the active models and runs inference on them. Registered as a service by an engine bundle (ONNX
 * Runtime first), which tracks model bundles and keeps exactly one active version per model name: the
 * highest installed version, unless configuration pins another.
 *
 * <p>Implemented only by Weir's engine bundles and used by many (inference stages, consoles): a provider type.
 *
 * <p>Threads: all methods are thread-safe. {@link #models()} and {@link #model(String)} never block; the run
 * methods block for the computation on the caller's thread.
 */
@ProviderType
public interface InferenceEngine {

    /**
     * Does not block.
     *
     * @return the descriptors of the active version of every loaded model, sorted by name; unmodifiable, never
     *         {@code null}
     */
    List<ModelDescriptor> models();

    /**
     * Does not block.
     *
     * @param name a model name
     * @return the active version of that model, or {@code null} if no version is loaded. The handle stays
     *         bound to that version: after a swap it keeps running the old version until that version is
     *         unloaded. Callers that always want the newest version use {@link #run(String, Map)}.
     */
    @Nullable
    Model model(String name);

    /**
     * Runs the active version of a model. The version is chosen atomically for this call; a swap that happens
     * during the call does not affect it.
     *
     * <p>Blocks for the computation.
     *
     * @param modelName the model name, not {@code null}
     * @param inputs one tensor per model input, by input name; shapes and element types must match the
     *        model's {@link ModelDescriptor#inputs() input specs}, where a dynamic dimension ({@code -1}, for
     *        example the batch dimension) takes any size
     * @return the outputs and the descriptor of the version that computed them, never {@code null}
     * @throws InferenceException if no version of the model is loaded, an input is missing or does not match
     *         its spec, or the runtime fails; the message names the model, version and tensor
     */
    InferenceResult run(String modelName, Map<String, Tensor> inputs) throws InferenceException;

    /**
     * The state of every model name the engine has seen: installed, refused or pinned. Never blocks.
     *
     * @return one status per model name, sorted by name
     */
    List<ModelStatus> status();
}
