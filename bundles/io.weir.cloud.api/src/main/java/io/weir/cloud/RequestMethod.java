// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud;

import org.jspecify.annotations.Nullable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The method of a remote-management {@link Request}, as it appears in the request topic. Defined by Weir: a
 * provider type.
 */
@ProviderType
public enum RequestMethod {
    /** Read a resource. */
    GET,
    /** Replace or update a resource. */
    PUT,
    /** Create a resource. */
    POST,
    /** Delete a resource. */
    DEL,
    /** Execute an operation. */
    EXEC;

    /**
     * Looks a method up by its topic form. The match is exact and case-sensitive, as the protocol requires.
     *
     * @param topicLevel the method level of a request topic, for example {@code "GET"}
     * @return the method, or {@code null} if the level names none (the connector answers 400)
     */
    public static @Nullable RequestMethod fromTopicLevel(String topicLevel) {
        for (RequestMethod m : values()) {
            if (m.name().equals(topicLevel)) {
                return m;
            }
        }
        return null;
    }
}
