// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import io.weir.cloud.ResponseCode;

/** A result request that is answered with an error code; the message goes to the requester and the log. */
final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    /** The response code; part of the serialized form. */
    private final ResponseCode code;

    Refused(ResponseCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    ResponseCode code() {
        return code;
    }
}
