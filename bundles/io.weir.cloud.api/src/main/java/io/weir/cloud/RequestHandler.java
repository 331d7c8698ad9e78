// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers the remote-management requests for one app id. A whiteboard service: register it with the {@link
 * RequestHandlerApp} property, and the connector routes that app's requests to it and lists the app id in the
 * gateway's birth and apps messages. Implemented by many bundles (DEPLOY, CONF, CMD, INVENTORY, ASSET ...),
 * hence a consumer type.
 *
 * <p>The connector answers by itself requests it cannot route: a malformed payload or envelope, an unknown
 * method (400) or app. The handler sees only well-formed requests for its app.
 *
 * <p>Threads: called on the connector's bounded request executor, never on the MQTT client's thread;
 * different requests may be handled concurrently. The call may block briefly (local reads and writes), but
 * it occupies one of few threads: long work (downloads, installs) must answer at once and continue
 * asynchronously, reporting through {@link RequestContext#publishNotification(String, CloudPayload)}.
 */
@ConsumerType
@FunctionalInterface
public interface RequestHandler {

    /**
     * Handles one request.
     *
     * @param request the request, never {@code null}
     * @param context the request's origin and the notification channel, never {@code null}
     * @return the response, never {@code null}: {@link ResponseCode#NOT_FOUND} for an unknown resource, {@link
     *         ResponseCode#BAD_REQUEST} for bad arguments or a method the app does not offer. A runtime exception
     *         thrown instead is answered with {@link ResponseCode#INTERNAL_ERROR} and the exception's message.
     */
    Response handle(Request request, RequestContext context);
}
