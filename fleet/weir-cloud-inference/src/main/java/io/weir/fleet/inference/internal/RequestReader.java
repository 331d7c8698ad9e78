// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.Set;
import java.util.function.LongSupplier;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.cloud.kura.KuraPayloadException;
import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.fleet.inference.Settings;

import org.jspecify.annotations.Nullable;

/**
 * Reads an OFFLOAD-V1 request message: the topic, the Kura payload, the metrics and their types, the service, the
 * body size and the deadline. Cheap (no tensor decoding), so it runs on the MQTT callback thread. Stateless apart
 * from its settings; thread-safe.
 *
 * <p>Order of the checks, and what each failure gives: topic shape, Kura payload, {@code request.id} present and
 * STRING → {@link Inbound.Dropped} (no id to answer); then {@code request.id} equal to the topic's request id, {@code
 * service} STRING, {@code deadline} INT64, a body, the body size, a served service, and the deadline not passed →
 * {@link Inbound.Refused} with a clear error (malformations are reported before an expired deadline).
 */
public final class RequestReader {

    private final String account;
    private final int maxBodyBytes;
    private final Set<String> services;
    private final LongSupplier clock;

    /**
     * @param account the account served
     * @param maxBodyBytes the largest body accepted
     * @param services the services offered
     * @param clock the current time in epoch milliseconds
     */
    public RequestReader(String account, int maxBodyBytes, Set<String> services, LongSupplier clock) {
        this.account = account;
        this.maxBodyBytes = maxBodyBytes;
        this.services = Set.copyOf(services);
        this.clock = clock;
    }

    /**
     * @param topic the topic the message arrived on
     * @param bytes the message payload
     * @return what to do with it
     */
    public Inbound read(String topic, byte[] bytes) {
        OffloadProtocol.RequestTopic where = OffloadProtocol.parseRequestTopic(account, topic);
        if (where == null) {
            return new Inbound.Dropped("topic " + topic + " is not " + OffloadProtocol.requestFilter(account)
                    + " with non-empty levels");
        }
        CloudPayload payload;
        try {
            payload = KuraPayloadCodec.decode(bytes, maxBodyBytes + Settings.ENVELOPE_BYTES);
        } catch (KuraPayloadException e) {
            return new Inbound.Dropped("request on " + topic + " is not a Kura payload: " + e.getMessage());
        }
        TypedValue id = payload.metric(OffloadProtocol.REQUEST_ID);
        if (id == null || id.type() != DataType.STRING) {
            return new Inbound.Dropped("request on " + topic + " has " + (id == null ? "no metric "
                    + OffloadProtocol.REQUEST_ID : "metric " + OffloadProtocol.REQUEST_ID + " of type "
                    + kuraType(id.type())) + "; it must be a STRING");
        }
        String clientId = where.clientId();
        String requestId = where.requestId();
        if (!id.stringValue().equals(requestId)) {
            return refuse(where, null, "metric " + OffloadProtocol.REQUEST_ID + " '" + id.stringValue()
                    + "' differs from the request id '" + requestId + "' in the topic");
        }
        TypedValue serviceMetric = payload.metric(OffloadProtocol.SERVICE);
        if (serviceMetric == null || serviceMetric.type() != DataType.STRING) {
            return refuse(where, null, mistyped(OffloadProtocol.SERVICE, serviceMetric, "STRING"));
        }
        String service = serviceMetric.stringValue();
        TypedValue deadline = payload.metric(OffloadProtocol.DEADLINE);
        if (deadline == null || deadline.type() != DataType.LONG) {
            return refuse(where, service, mistyped(OffloadProtocol.DEADLINE, deadline, "INT64 (epoch milliseconds)"));
        }
        byte[] body = payload.body();
        if (body == null) {
            return refuse(where, service, "the request has no body; " + service + " needs its input tensors "
                    + "encoded in WTN1 (TensorCodec)");
        }
        if (body.length > maxBodyBytes) {
            return refuse(where, service, "body of " + body.length + " bytes exceeds the limit of " + maxBodyBytes
                    + " bytes");
        }
        if (!services.contains(service)) {
            return refuse(where, service, "unknown service '" + service + "'; this service offers "
                    + services.stream().sorted().toList());
        }
        if (clock.getAsLong() > deadline.longValue()) {
            return new Inbound.Refused(clientId, requestId, service, OffloadProtocol.DEADLINE_PASSED, true);
        }
        return new Inbound.Accepted(clientId, requestId, service, deadline.longValue(), body);
    }

    private static Inbound refuse(OffloadProtocol.RequestTopic where, @Nullable String service, String error) {
        return new Inbound.Refused(where.clientId(), where.requestId(), service, error, false);
    }

    private static String mistyped(String metric, @Nullable TypedValue value, String expected) {
        return value == null ? "the request has no metric " + metric + " (" + expected + ")"
                : "metric " + metric + " must be " + expected + ", was " + kuraType(value.type());
    }

    /** @return the Kura wire name of a type, as the protocol states them */
    static String kuraType(DataType type) {
        return switch (type) {
            case DOUBLE -> "DOUBLE";
            case FLOAT -> "FLOAT";
            case LONG -> "INT64";
            case INTEGER -> "INT32";
            case BOOLEAN -> "BOOL";
            case STRING -> "STRING";
            case BYTES -> "BYTES";
        };
    }
}
