// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua.app;

import io.weir.testkit.kapua.Reply;
import org.jspecify.annotations.Nullable;

/**
 * A management request got a reply Kapua would treat as a failure: a response code other than 200 where a result
 * was expected, or a body or metric Kapua could not read. The message names the request, the code and the
 * gateway's {@code response.exception.message}.
 */
public final class ManagementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Reply reply;

    /**
     * @param message what was requested and what went wrong
     * @param reply the reply
     * @param cause a parse failure, or {@code null}
     */
    public ManagementException(String message, Reply reply, @Nullable Throwable cause) {
        super(message, cause);
        this.reply = reply;
    }

    /** @return the reply */
    public Reply reply() {
        return reply;
    }

    /** @return the reply's response code ({@link Reply#NO_CODE} if it had none) */
    public int responseCode() {
        return reply.responseCode();
    }
}
