// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * The gateway's connection to the cloud broker. Implemented only by Weir's cloud connector: a provider type.
 *
 * <p>The connector connects by itself when configured to, and reconnects after a loss with a capped,
 * jittered backoff. These methods let consoles and management apps see and steer it.
 *
 * <p>Threads: every method may be called from any thread and returns at once.
 */
@ProviderType
public interface CloudConnection {

    /** @return the current status snapshot, never {@code null} */
    ConnectionStatus status();

    /**
     * Asks for the connection to be up. If it is not, the connector tries to connect, and keeps retrying with
     * backoff until it succeeds or {@link #disconnect()} is called.
     *
     * @return a promise that resolves with the {@link ConnectionState#CONNECTED} status once connected (at
     *         once if already connected), or fails with a {@link CloudException} of code {@link
     *         CloudErrorCode#CANCELLED} if {@code disconnect()} is called first, or {@link
     *         CloudErrorCode#CLOSED} if the connector shuts down. Add a timeout with {@link
     *         Promise#timeout(long)} if needed. Never {@code null}.
     */
    Promise<ConnectionStatus> connect();

    /**
     * Disconnects cleanly: stops reconnecting, sends the disconnect message, lets in-flight messages finish
     * for a bounded quiet period, then closes the connection. Messages published meanwhile stay in the store
     * and go out on the next connection.
     *
     * @return a promise that resolves with the {@link ConnectionState#DISCONNECTED} status once disconnected
     *         (at once if already disconnected); never {@code null}
     */
    Promise<ConnectionStatus> disconnect();
}
