// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.broker;

import org.jspecify.annotations.Nullable;

/**
 * Authentication and topic access control of MQTT clients: the extension point for the fleet server's per-device
 * credentials and ACLs (in Kapua's style: a device may publish and subscribe only below {@code
 * {account}/{clientId}/...} and {@code $EDC/{account}/{clientId}/...}).
 *
 * <p>A broker built without a {@code DeviceSecurity} accepts every client, anonymous or not, and allows every
 * topic (the local development default). With one, every CONNECT goes through {@link #authenticate} and every
 * publish and subscribe through {@link #authorize}; nothing is cached, so an implementation can change its answers
 * at any time (for connections made after the change, and for every later publish or subscribe).
 *
 * <p>Both methods are called on the broker's network threads: they must be fast and must not block on I/O.
 * An exception thrown from either counts as a refusal.
 */
public interface DeviceSecurity {

    /** What a client wants to do with a topic. */
    enum Action {
        /** Publish a message (including the will message registered at CONNECT). */
        PUBLISH,
        /** Subscribe with a topic filter, which may contain {@code +} and {@code #}. */
        SUBSCRIBE
    }

    /**
     * Decides whether a client may connect.
     *
     * @param username the CONNECT user name, {@code null} for an anonymous client
     * @param password the CONNECT password, {@code null} if none was sent
     * @param clientId the MQTT client identifier
     * @return the identity later passed to {@link #authorize} (for example the account name), or {@code null} to
     *     refuse the connection (the client gets CONNACK "not authorized")
     */
    @Nullable String authenticate(@Nullable String username, @Nullable String password, String clientId);

    /**
     * Decides whether a connected client may publish to a topic or subscribe to a topic filter.
     *
     * @param identity what {@link #authenticate} returned for this connection
     * @param clientId the MQTT client identifier of the connection
     * @param action publish or subscribe
     * @param topic the MQTT topic name (publish) or topic filter (subscribe), with {@code /} separators
     * @return {@code true} to allow. A refused publish closes the connection (MQTT 3.1.1 has no way to report it);
     *     a refused subscription is answered with the SUBACK failure code {@code 0x80}.
     */
    boolean authorize(String identity, String clientId, Action action, String topic);
}
