// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Why a {@link CloudException} was raised, so that callers can react without parsing messages (a pipeline
 * sink retries later on {@link #STORE_FULL} but dead-letters on {@link #PAYLOAD_TOO_LARGE}). Defined by Weir:
 * a provider type (codes may be added in minor versions, so callers keep a default branch).
 */
@ProviderType
public enum CloudErrorCode {
    /**
     * The store is at its configured capacity and its policy rejects this message (by default, new
     * low-priority messages). Nothing already accepted is dropped. Retrying later may succeed.
     */
    STORE_FULL,
    /** The store could not write the message (disk full, I/O error). Nothing already accepted is lost. */
    STORE_FAILURE,
    /** The encoded message is larger than the configured maximum. Retrying will not help. */
    PAYLOAD_TOO_LARGE,
    /** The operation was cancelled by a later request, for example a connect overtaken by a disconnect. */
    CANCELLED,
    /** The connector is shutting down or was reconfigured; the request was not taken. */
    CLOSED
}
