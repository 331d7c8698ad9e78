// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link StageFactory} knows about the node it makes a stage for. Implemented by Weir's pipeline
 * engine only: a provider type.
 *
 * <p>Thread-safe; may be kept by the stage for its whole life.
 */
@ProviderType
public interface StageContext {

    /** @return the name of the pipeline the node belongs to, never {@code null} */
    String pipelineName();

    /** @return the node's id, unique within the pipeline, never {@code null}; used in metrics and logs */
    String stageId();

    /**
     * Gives the node's configuration as a typed object, converted the way DS converts component properties
     * to a component property type (OSGi Converter rules): each method is a key ({@code _} becomes {@code .}),
     * values are converted to the method's return type, and annotation defaults fill missing keys.
     *
     * @param <T> the configuration type
     * @param type an annotation or interface type describing the configuration, not {@code null}
     * @return the configuration, never {@code null}
     * @throws IllegalArgumentException if a value cannot be converted to the declared type; the message names
     *         the key
     */
    <T> T config(Class<T> type);
}
