// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cloud operation could not be done; the {@link #code() code} says why. Delivered as the failure of a
 * promise. Defined by Weir: a provider type.
 */
@ProviderType
public class CloudException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed; part of the serialized form. */
    private final CloudErrorCode code;

    /**
     * @param code why, not {@code null}
     * @param message details for logs; not {@code null}, never containing credentials or payloads
     */
    public CloudException(CloudErrorCode code, String message) {
        this(code, message, null);
    }

    /**
     * @param code why, not {@code null}
     * @param message details for logs; not {@code null}, never containing credentials or payloads
     * @param cause the underlying exception, or {@code null}
     */
    public CloudException(CloudErrorCode code, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return why the operation failed, never {@code null} */
    public CloudErrorCode code() {
        return code;
    }
}
