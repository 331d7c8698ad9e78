// SPDX-License-Identifier: Apache-2.0
package io.weir.testkit.kapua;

import io.weir.testkit.payload.Metric;
import io.weir.testkit.payload.MetricType;
import io.weir.testkit.payload.RawKuraPayload;
import org.jspecify.annotations.Nullable;

/**
 * A gateway's reply to a request (spec §3.2).
 *
 * @param topic the reply topic, {@code $EDC/{account}/{requester}/{appId}/REPLY/{requestId}}
 * @param payload the decoded payload
 * @param responseCode the {@code response.code} metric if it is an {@code INT32} (200, 400, 404, 500), otherwise
 *     {@link #NO_CODE}
 */
public record Reply(String topic, RawKuraPayload payload, int responseCode) {

    /** {@link #responseCode()} when the payload has no {@code INT32} {@code response.code} metric. */
    public static final int NO_CODE = -1;

    /**
     * @param topic the topic it arrived on
     * @param payload the decoded payload
     * @return the reply, with the response code read from the payload
     */
    public static Reply of(String topic, RawKuraPayload payload) {
        Metric code = payload.get("response.code");
        int rc = code != null && code.is(MetricType.INT32) ? (Integer) code.value() : NO_CODE;
        return new Reply(topic, payload, rc);
    }

    /** @return whether the response code is 200 */
    public boolean isOk() {
        return responseCode == 200;
    }

    /** @return the {@code response.exception.message} metric, or {@code null} */
    public @Nullable String exceptionMessage() {
        Metric m = payload.get("response.exception.message");
        return m != null && m.value() instanceof String s ? s : null;
    }

    /** @return the request id: the last level of the reply topic */
    public String requestId() {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }
}
