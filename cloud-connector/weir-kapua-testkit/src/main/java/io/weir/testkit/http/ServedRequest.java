// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.http;

import org.jspecify.annotations.Nullable;

/**
 * One request a {@link PackageServer} answered, logged when the exchange ended.
 *
 * @param sequence arrival order, from 0
 * @param method the method
 * @param path the request path
 * @param range the {@code Range} header, or {@code null}
 * @param ifRange the {@code If-Range} header, or {@code null}
 * @param user the basic-auth user name presented, or {@code null} (the password is never kept)
 * @param status the status sent: 200, 206, 401, 404, 405 or 416
 * @param offset the first body byte sent (the range start; 0 for a full body)
 * @param bodyBytes how many body bytes were written
 * @param outcome how the exchange ended
 */
public record ServedRequest(long sequence, String method, String path, @Nullable String range,
        @Nullable String ifRange, @Nullable String user, int status, long offset, long bodyBytes, Outcome outcome) {

    /** How an exchange ended. */
    public enum Outcome {
        /** The whole body (or none, for HEAD and errors) was sent. */
        COMPLETE,
        /** The server cut the connection mid-body, as told by {@link PackageServer#cutAfter}. */
        CUT,
        /** Writing failed: the client went away. */
        CLIENT_ABORTED
    }
}
