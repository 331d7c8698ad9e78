// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.util.promise.Promise;

/**
 * What a {@link RequestHandler} knows about the request's origin, and its channel for progress notifications.
 * Implemented only by Weir's cloud connector: a provider type.
 *
 * <p>Threads: thread-safe. A handler may keep the context after {@link RequestHandler#handle(Request,
 * RequestContext)} returns and use it from any thread to report the progress of work it continues
 * asynchronously (a download, an install).
 */
@ProviderType
public interface RequestContext {

    /** @return the account this gateway belongs to, never {@code null} */
    String accountName();

    /** @return this gateway's MQTT client id, never {@code null} */
    String clientId();

    /**
     * Sends a notification about the request's progress to its requester, on the protocol's notification topic
     * for this app, requester, gateway and {@code resource}, with QoS 0 and {@linkplain
     * CloudMessage#PRIORITY_CONTROL control priority}. The payload carries the app's progress metrics (for
     * DEPLOY-V2: job id, status, progress, message). Returns at once.
     *
     * @param resource the operation the notification is about, for example {@code download} or {@code
     *        install}; one or more topic levels without wildcards
     * @param payload the notification content, not {@code null}
     * @return a promise of the message id, resolved when the notification is accepted for sending; never
     *         {@code null}
     * @throws IllegalArgumentException if {@code resource} is not a valid topic part
     */
    Promise<Long> publishNotification(String resource, CloudPayload payload);
}
