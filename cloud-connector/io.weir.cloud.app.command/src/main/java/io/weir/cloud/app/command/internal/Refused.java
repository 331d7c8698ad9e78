// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.util.Objects;

import io.weir.cloud.ResponseCode;

/**
 * A request is refused: thrown while checking or preparing a command, answered with {@link #code()} and the
 * message. The message goes to the requester and to the log, so it never contains a password or an environment
 * value.
 */
final class Refused extends Exception {

    private static final long serialVersionUID = 1L;

    /** The answer; part of the serialized form. */
    private final ResponseCode code;

    Refused(ResponseCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    static Refused badRequest(String message) {
        return new Refused(ResponseCode.BAD_REQUEST, message);
    }

    static Refused internal(String message) {
        return new Refused(ResponseCode.INTERNAL_ERROR, message);
    }

    ResponseCode code() {
        return code;
    }
}
