// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.payload;

/** Bytes that are not a valid Kura payload; the message names the problem and where it is. */
public final class MalformedKuraPayloadException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, and where */
    public MalformedKuraPayloadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, and where
     * @param cause the underlying failure
     */
    public MalformedKuraPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
