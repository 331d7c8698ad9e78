// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The status of a {@link Response}: the four codes the management protocol defines. Defined by Weir: a
 * provider type.
 */
@ProviderType
public enum ResponseCode {
    /** The request succeeded (200). */
    OK(200),
    /** The request is malformed or not supported: bad arguments, a method the app does not offer (400). */
    BAD_REQUEST(400),
    /** The resource does not exist (404). */
    NOT_FOUND(404),
    /** The request failed on the gateway (500). */
    INTERNAL_ERROR(500);

    private final int code;

    ResponseCode(int code) {
        this.code = code;
    }

    /** @return the numeric code sent on the wire */
    public int code() {
        return code;
    }

    /**
     * @param code a numeric response code
     * @return the matching constant, or {@code null} if the protocol defines none for it
     */
    public static @Nullable ResponseCode fromCode(int code) {
        for (ResponseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
