// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outcome of a driver operation: a {@link StatusCode} and a human-readable message. Device faults are
 * reported this way rather than thrown. A DTO defined by Weir: a provider type.
 *
 * @param code the outcome, not {@code null}
 * @param message a short explanation for logs and the console, empty for {@link StatusCode#OK}; not {@code
 *        null}. It must not contain credentials.
 */
@ProviderType
public record DriverStatus(StatusCode code, String message) {

    /** The successful status, with an empty message. */
    public static final DriverStatus OK = new DriverStatus(StatusCode.OK, "");

    /**
     * Checks for {@code null}.
     *
     * @param code see {@link #code()}
     * @param message see {@link #message()}
     */
    public DriverStatus {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param code the failure reason, not {@link StatusCode#OK}
     * @param message what failed, not {@code null}
     * @return an error status
     * @throws IllegalArgumentException if {@code code} is {@link StatusCode#OK}
     */
    public static DriverStatus error(StatusCode code, String message) {
        if (code == StatusCode.OK) {
            throw new IllegalArgumentException("an error status needs an error code, not OK");
        }
        return new DriverStatus(code, message);
    }

    /** @return {@code true} if the code is {@link StatusCode#OK} */
    public boolean isOk() {
        return code == StatusCode.OK;
    }
}
