// SPDX-License-Identifier: Apache-2.0
package io.weir.inference;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An inference could not be run: the model is not loaded, an input does not match its spec, or the runtime
 * failed. Checked, so that callers (inference stages) turn it into a per-record error deliberately. Defined by
 * Weir and thrown by engines: a provider type.
 */
@ProviderType
public class InferenceException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the model, version and tensor; not {@code null}
     */
    public InferenceException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the model, version and tensor; not {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public InferenceException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
