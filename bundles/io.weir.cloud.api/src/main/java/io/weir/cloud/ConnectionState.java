// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;

/** The state of the {@link CloudConnection}. Defined by Weir: a provider type. */
@ProviderType
public enum ConnectionState {
    /** Connected to the broker; stored messages are being sent. */
    CONNECTED,
    /** Trying to connect, or waiting for the next attempt after a failure (with backoff). */
    CONNECTING,
    /** Not connected and not trying: disconnected on request, or never asked to connect. */
    DISCONNECTED
}
