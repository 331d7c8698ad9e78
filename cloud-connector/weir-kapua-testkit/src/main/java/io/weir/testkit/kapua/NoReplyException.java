// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import java.util.concurrent.TimeoutException;

/** No reply arrived in time; the message names the request, the reply topic and the timeout. */
public final class NoReplyException extends TimeoutException {

    private static final long serialVersionUID = 1L;

    /** @param message what was requested and where the reply was expected */
    public NoReplyException(String message) {
        super(message);
    }
}
