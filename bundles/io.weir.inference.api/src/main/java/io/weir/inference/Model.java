// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One loaded version of a model, obtained from {@link InferenceEngine#model(String)}. Usable until that version
 * is unloaded (replaced and drained, unpinned, or its bundle stopped); after that {@link #run(Map)} throws
 * {@link InferenceException}.
 *
 * <p>Implemented only by engine bundles: a provider type.
 *
 * <p>Threads: thread-safe; {@link #run(Map)} may be called concurrently and blocks for the computation.
 */
@ProviderType
public interface Model {

    /** @return the descriptor of this version, never {@code null}; does not block */
    ModelDescriptor descriptor();

    /**
     * Runs this version of the model. Blocks for the computation.
     *
     * @param inputs one tensor per model input, by input name; shapes and element types must match the
     *        {@link ModelDescriptor#inputs() input specs}
     * @return one tensor per model output, by output name, in the order of the output specs; unmodifiable,
     *         never {@code null}
     * @throws InferenceException if this version is unloaded, an input is missing or does not match its
     *         spec, or the runtime fails
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs) throws InferenceException;
}
