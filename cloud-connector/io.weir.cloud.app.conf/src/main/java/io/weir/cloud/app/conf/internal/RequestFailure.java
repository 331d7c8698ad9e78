// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.conf.internal;

import io.weir.cloud.ResponseCode;

/**
 * A request that cannot be served, with the response code and the reason for the requester. The message never
 * contains a password value.
 */
final class RequestFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ResponseCode code;

    RequestFailure(ResponseCode code, String message) {
        super(message);
        this.code = code;
    }

    RequestFailure(ResponseCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    static RequestFailure badRequest(String message) {
        return new RequestFailure(ResponseCode.BAD_REQUEST, message);
    }

    static RequestFailure notFound(String message) {
        return new RequestFailure(ResponseCode.NOT_FOUND, message);
    }

    ResponseCode code() {
        return code;
    }
}
