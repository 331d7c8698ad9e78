// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outputs of one inference and the model version that computed them, so that a caller can record which
 * version scored each record across a swap. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param model the descriptor of the version that ran
 * @param outputs one tensor per model output, by output name, in the order of the output specs; copied,
 *        unmodifiable
 */
@ProviderType
public record InferenceResult(ModelDescriptor model, Map<String, Tensor> outputs) {

    /**
     * Checks for {@code null} and copies the outputs, keeping their order.
     *
     * @param model see {@link #model()}
     * @param outputs see {@link #outputs()}
     */
    public InferenceResult {
        Objects.requireNonNull(model, "model");
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        Objects.requireNonNull(outputs, "outputs").forEach((k, v) -> copy.put(Objects.requireNonNull(k, "name"),
                Objects.requireNonNull(v, () -> "output " + k)));
        outputs = Collections.unmodifiableMap(copy);
    }
}
