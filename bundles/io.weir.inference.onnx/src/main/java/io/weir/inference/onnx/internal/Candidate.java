// SPDX-License-Identifier: Apache-2.0
package io.weir.inference.onnx.internal;

import io.weir.inference.ModelDescriptor;

import org.osgi.framework.Version;

/**
 * One model version found in a bundle, with the model file read at discovery (so that it can be loaded after the
 * bundle stopped). Compared by identity: a bundle updated in place gives a new candidate.
 *
 * @param descriptor the declared name, version, specs and metadata
 * @param model the model file's bytes
 * @param bundleId the bundle carrying it
 * @param bundle a short description of the bundle (symbolic name, version, id) for messages
 */
record Candidate(ModelDescriptor descriptor, byte[] model, long bundleId, String bundle) {

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
