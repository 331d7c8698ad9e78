// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The answer of a {@link RequestHandler}. The connector sends it to the requester's reply topic and adds the
 * protocol's response metrics ({@code response.code}, and {@code response.exception.message} / {@code
 * response.exception.stack} when set) to the payload, with the timestamp set to the sending time. A DTO
 * defined by Weir: a provider type. Immutable.
 *
 * @param code the response code
 * @param payload the app-specific metrics and body; must not use the {@code response.} metric names
 * @param exceptionMessage the error text for the requester, or {@code null}
 * @param exceptionStack a stack trace for the requester, or {@code null}; sent only when set, since it reveals
 *        internals
 */
@ProviderType
public record Response(ResponseCode code, CloudPayload payload, @Nullable String exceptionMessage,
        @Nullable String exceptionStack) {

    /**
     * Checks for {@code null}.
     *
     * @param code see {@link #code()}
     * @param payload see {@link #payload()}
     * @param exceptionMessage see {@link #exceptionMessage()}
     * @param exceptionStack see {@link #exceptionStack()}
     */
    public Response {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(payload, "payload");
    }

    /** @return a 200 response with an empty payload */
    public static Response ok() {
        return new Response(ResponseCode.OK, CloudPayload.EMPTY, null, null);
    }

    /**
     * @param payload the app-specific metrics and body, not {@code null}
     * @return a 200 response with that payload
     */
    public static Response ok(CloudPayload payload) {
        return new Response(ResponseCode.OK, payload, null, null);
    }

    /**
     * @param code an error code, not {@link ResponseCode#OK}
     * @param message the error text for the requester, not {@code null}
     * @return an error response with an empty payload and no stack trace
     * @throws IllegalArgumentException if {@code code} is {@link ResponseCode#OK}
     */
    public static Response error(ResponseCode code, String message) {
        if (code == ResponseCode.OK) {
            throw new IllegalArgumentException("an error response needs an error code, not OK");
        }
        return new Response(code, CloudPayload.EMPTY, Objects.requireNonNull(message, "message"), null);
    }
}
