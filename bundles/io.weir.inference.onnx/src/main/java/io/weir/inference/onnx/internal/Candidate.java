// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import java.io.IOException;

import io.weir.inference.ModelDescriptor;

import org.osgi.framework.Version;

/**
 * One model version found in a bundle. The model file is read only when the version is loaded, so installed
 * versions that do not serve cost no memory (a gateway may keep several versions of a large model installed).
 * Compared by identity: a bundle updated in place gives a new candidate.
 *
 * @param descriptor the declared name, version, specs and metadata
 * @param model reads the model file's bytes
 * @param bundleId the bundle carrying it
 * @param bundle a short description of the bundle (symbolic name, version, id) for messages
 */
record Candidate(ModelDescriptor descriptor, ModelFile model, long bundleId, String bundle) {

    /** Reads a model file. */
    @FunctionalInterface
    interface ModelFile {
        /**
         * @return the file's bytes
         * @throws IOException if it cannot be read
         * @throws IllegalArgumentException if it is larger than allowed
         * @throws IllegalStateException if its bundle is gone
         */
        byte[] read() throws IOException;
    }

    /** A candidate whose file is already in memory. */
    Candidate(ModelDescriptor descriptor, byte[] model, long bundleId, String bundle) {
        this(descriptor, () -> model, bundleId, bundle);
    }

    String name() {
        return descriptor.name();
    }

    Version version() {
        return descriptor.version();
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return descriptor.name() + " " + descriptor.version() + " from " + bundle;
    }
}
