// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A snapshot of the cloud connection's status. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param state the connection state
 * @param lastError the last connection failure (for example {@code "connection refused: broker:8883"} or
 *        {@code "not authorized"}), kept while {@link ConnectionState#CONNECTING} and cleared on connection;
 *        {@code null} if none. Never contains credentials.
 * @param since when the connection entered this state, milliseconds since the epoch
 */
@ProviderType
public record ConnectionStatus(ConnectionState state, @Nullable String lastError, long since) {

    /**
     * Checks for {@code null}.
     *
     * @param state see {@link #state()}
     * @param lastError see {@link #lastError()}
     * @param since see {@link #since()}
     */
    public ConnectionStatus {
        Objects.requireNonNull(state, "state");
    }
}
