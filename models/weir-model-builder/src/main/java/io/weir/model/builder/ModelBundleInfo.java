// SPDX-License-Identifier: Apache-2.0
package io.weir.model.builder;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.weir.inference.ModelDescriptor;

/**
 * What a model bundle declares: its symbolic name, the model it carries as the engine will describe it, and where
 * in the bundle the model file and the metadata file are. Immutable.
 *
 * @param symbolicName the {@code Bundle-SymbolicName}
 * @param descriptor the model: name, version (also the {@code Bundle-Version}), format, inputs, outputs, metadata
 * @param modelFile the bundle entry of the model file, for example {@code model/vibration-anomaly.onnx}
 * @param metadataFile the bundle entry of the metadata file, or {@code null} when the model has no metadata
 */
public record ModelBundleInfo(String symbolicName, ModelDescriptor descriptor, String modelFile,
        @Nullable String metadataFile) {

    /**
     * Checks that nothing required is missing.
     *
     * @param symbolicName see {@link #symbolicName()}
     * @param descriptor see {@link #descriptor()}
     * @param modelFile see {@link #modelFile()}
     * @param metadataFile see {@link #metadataFile()}
     */
    public ModelBundleInfo {
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(modelFile, "modelFile");
    }

    /** @return for example {@code io.weir.model.vibration-anomaly 1.0.0 (vibration-anomaly, onnx)} */
    @Override
    public String toString() {
        return symbolicName + " " + descriptor.version() + " (" + descriptor.name() + ", " + descriptor.format() + ")";
    }
}
