// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Work sent to a remote target: the remote service to run and its input, opaque to the scheduler. A DTO defined by
 * Weir: a provider type.
 *
 * @param service the remote service, for example {@code inference/vibration-anomaly}; not empty
 * @param payload the encoded input (its size is what the uplink carries)
 */
@ProviderType
public record OffloadRequest(String service, byte[] payload) {

    /**
     * Checks and copies.
     *
     * @param service see {@link #service()}
     * @param payload see {@link #payload()}
     */
    public OffloadRequest {
        if (Objects.requireNonNull(service, "service").isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** @return the payload size, bytes */
    public int size() {
        return payload.length;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof OffloadRequest r && service.equals(r.service) && java.util.Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return service.hashCode() * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OffloadRequest[" + service + ", " + payload.length + " bytes]";
    }
}
