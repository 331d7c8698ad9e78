// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A remote-management request addressed to this gateway, as the connector decoded it from the request topic
 * ({@code .../{appId}/{METHOD}/{resources...}}) and payload. A DTO defined by Weir: a provider type. Immutable.
 *
 * @param appId the app id the request is addressed to, for example {@code DEPLOY-V2}; not empty
 * @param method the method
 * @param resources the topic levels after the method, in order, for example {@code [packages]}; copied,
 *        unmodifiable, may be empty
 * @param payload the request payload as received, including the envelope metrics {@code request.id} and
 *        {@code requester.client.id}
 * @param requestId the correlation id; the reply is sent to a topic that ends with it; not empty
 * @param requesterClientId the MQTT client id of the requester, to which replies and notifications are
 *        addressed; not empty
 */
@ProviderType
public record Request(String appId, RequestMethod method, List<String> resources, CloudPayload payload,
        String requestId, String requesterClientId) {

    /**
     * Checks for empty ids and copies the resources.
     *
     * @param appId see {@link #appId()}
     * @param method see {@link #method()}
     * @param resources see {@link #resources()}
     * @param payload see {@link #payload()}
     * @param requestId see {@link #requestId()}
     * @param requesterClientId see {@link #requesterClientId()}
     */
    public Request {
        requireText("appId", appId);
        Objects.requireNonNull(method, "method");
        resources = List.copyOf(Objects.requireNonNull(resources, "resources"));
        Objects.requireNonNull(payload, "payload");
        requireText("requestId", requestId);
        requireText("requesterClientId", requesterClientId);
    }

    private static void requireText(String name, String value) {
        if (Objects.requireNonNull(value, name).isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
