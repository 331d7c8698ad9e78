// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.deploy.internal;

/** A request argument is missing or wrong; its message is sent to the requester with a 400. */
final class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
