// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.kura;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Bytes that are not a valid Kura payload: malformed protobuf, a missing required field, an unknown metric
 * type, a field with the wrong wire type, a metric whose value does not match its type, text that is not
 * UTF-8, or a payload larger than the caller's limit (also after decompression). The message says what is
 * wrong and, for a metric, which one. Thrown only by {@link KuraPayloadCodec#decode(byte[], int)}.
 */
@ProviderType
public class KuraPayloadException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the payload, not {@code null}
     */
    public KuraPayloadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the payload, not {@code null}
     * @param cause the underlying parser or decompression error, not {@code null}
     */
    public KuraPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
