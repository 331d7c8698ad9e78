// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** What {@link RequestReader} made of a received message: a request to compute, one to refuse, or nothing. */
public sealed interface Inbound {

    /**
     * A well-formed request for a served service, within its deadline when read.
     *
     * @param clientId the gateway's client id (from the topic)
     * @param requestId the request id (the topic's last level, equal to the {@code request.id} metric)
     * @param service the service asked for
     * @param deadline epoch milliseconds after which the result is useless
     * @param body the encoded input tensors (not yet decoded: the worker does that)
     */
    record Accepted(String clientId, String requestId, String service, long deadline, byte[] body)
            implements Inbound {
        /** Checks the components. */
        public Accepted {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A request that gets an ERROR result without being computed.
     *
     * @param clientId the gateway's client id
     * @param requestId the request id to answer
     * @param service the {@code service} metric if it could be read, else {@code null}
     * @param error the reason, sent as the result's {@code error}
     * @param expired whether the reason is that the deadline passed
     */
    record Refused(String clientId, String requestId, @Nullable String service, String error, boolean expired)
            implements Inbound {
    }

    /**
     * A message that cannot be answered: no request id can be read from it.
     *
     * @param reason why, for the counters and the log
     */
    record Dropped(String reason) implements Inbound {
    }
}
