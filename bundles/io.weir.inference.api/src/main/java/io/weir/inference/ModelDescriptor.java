// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Version;

/**
 * Describes one version of a model: identity, file format, input and output tensor specs, and free-form
 * metadata. Built by the engine from a model bundle's {@value ModelCapability#NAMESPACE} capability. A DTO
 * defined by Weir: a provider type. Immutable.
 *
 * @param name the model name, stable across versions; not empty
 * @param version the model version; the engine activates the highest unless configuration pins one
 * @param format the model file format, for example {@value ModelCapability#FORMAT_ONNX}; not empty
 * @param inputs the input specs in the model's order, with unique names; copied, unmodifiable
 * @param outputs the output specs in the model's order, with unique names, at least one; copied, unmodifiable
 * @param metadata free-form entries from the model bundle: the mapping from record fields to input tensors,
 *        normalisation constants, the training data fingerprint, evaluation metrics; structured values are
 *        JSON text. Copied, unmodifiable.
 */
@ProviderType
public record ModelDescriptor(String name, Version version, String format, List<TensorSpec> inputs,
        List<TensorSpec> outputs, Map<String, String> metadata) {

    /**
     * Checks names, requires an output, and copies the lists and the map.
     *
     * @param name see {@link #name()}
     * @param version see {@link #version()}
     * @param format see {@link #format()}
     * @param inputs see {@link #inputs()}
     * @param outputs see {@link #outputs()}
     * @param metadata see {@link #metadata()}
     */
    public ModelDescriptor {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("model name must not be empty");
        }
        Objects.requireNonNull(version, "version");
        if (Objects.requireNonNull(format, "format").isEmpty()) {
            throw new IllegalArgumentException("model format must not be empty");
        }
        inputs = List.copyOf(Objects.requireNonNull(inputs, "inputs"));
        outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("model " + name + " declares no output");
        }
        requireUniqueNames(name, "input", inputs);
        requireUniqueNames(name, "output", outputs);
        metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    }

    private static void requireUniqueNames(String model, String kind, List<TensorSpec> specs) {
        Set<String> names = new HashSet<>();
        for (TensorSpec s : specs) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("model " + model + " has two " + kind + "s named " + s.name());
            }
        }
    }

    /**
     * @param inputName an input tensor name
     * @return its spec, or {@code null} if the model has no such input
     */
    public @Nullable TensorSpec input(String inputName) {
        return find(inputs, inputName);
    }

    /**
     * @param outputName an output tensor name
     * @return its spec, or {@code null} if the model has no such output
     */
    public @Nullable TensorSpec output(String outputName) {
        return find(outputs, outputName);
    }

    private static @Nullable TensorSpec find(List<TensorSpec> specs, String tensorName) {
        for (TensorSpec s : specs) {
            if (s.name().equals(tensorName)) {
                return s;
            }
        }
        return null;
    }
}
