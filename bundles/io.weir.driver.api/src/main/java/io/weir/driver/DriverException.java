// SPDX-License-Identifier: Apache-2.0
package io.weir.driver;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A driver request that can never succeed as configured: an invalid channel configuration, or an operation
 * that the driver does not support. Device faults are never reported with this exception; they are {@link
 * DriverStatus} values.
 *
 * <p>Checked, so that callers (assets) handle it and report it as configuration state instead of letting it
 * escape into SCR. Defined by Weir and thrown by drivers: a provider type.
 */
@ProviderType
public class DriverException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the channel and setting; not {@code null}
     */
    public DriverException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the channel and setting; not {@code null}
     * @param cause the underlying exception, or {@code null}
     */
    public DriverException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
