// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.QoS;
import io.weir.cloud.Request;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.ResponseCode;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * The gateway's side of OFFLOAD-V1, as data: the request message it publishes and the reading of the result requests
 * it receives. Pure functions, no state.
 *
 * <pre>
 * request  gateway → cloud  {account}/{clientId}/W1/OFFLOAD-V1/{requestId}   QoS 0, priority 1, not retained
 *          request.id STRING = {requestId}, service STRING, deadline INT64 (epoch ms); body = the task's payload
 * result   cloud → gateway  $EDC/{account}/{clientId}/OFFLOAD-V1/PUT/result/{requestId}   (a Kura request)
 *          status STRING OK|ERROR, error STRING, compute.ms DOUBLE, service STRING; body = the result bytes
 * </pre>
 */
final class OffloadProtocol {

    /** The app id of the result requests, and the second level of the request topic. */
    static final String APP_ID = "OFFLOAD-V1";
    /** Semantic topic of a request, without the request id. */
    static final String TOPIC_PREFIX = "W1/" + APP_ID + "/";
    static final String REQUEST_ID = "request.id";
    static final String SERVICE = "service";
    static final String DEADLINE = "deadline";
    static final String STATUS = "status";
    static final String ERROR = "error";
    static final String COMPUTE_MS = "compute.ms";
    static final String RESULT = "result";
    static final String STATUS_OK = "OK";
    static final String STATUS_ERROR = "ERROR";

    /** What a well-formed result says. */
    sealed interface Result permits Ok, Failed {
        /** @return the cloud's {@code compute.ms}, or {@code NaN} if it sent none */
        double computeMs();
    }

    /** Status OK: the result bytes (empty if there was no body). */
    record Ok(byte[] body, double computeMs) implements Result {
    }

    /** Status ERROR: the service's error text. */
    record Failed(String error, double computeMs) implements Result {
    }

    private OffloadProtocol() {
    }

    /**
     * @param requestId the correlation id, a valid topic level
     * @param service the remote service
     * @param deadlineMs when the result stops being useful, epoch ms
     * @param nowMs the payload timestamp, epoch ms
     * @param payload the task's input
     * @return the request message
     */
    static CloudMessage request(String requestId, String service, long deadlineMs, long nowMs, byte[] payload) {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        metrics.put(REQUEST_ID, TypedValue.ofString(requestId));
        metrics.put(SERVICE, TypedValue.ofString(service));
        metrics.put(DEADLINE, TypedValue.ofLong(deadlineMs));
        return new CloudMessage(TOPIC_PREFIX + requestId, new CloudPayload(nowMs, null, metrics, payload),
                QoS.AT_MOST_ONCE, CloudMessage.PRIORITY_CONTROL, false);
    }

    /**
     * Reads the request id from a result request's method and resources.
     *
     * @param request a request for {@value #APP_ID}
     * @return the request id, the last resource
     * @throws Refused 400 for another method or a wrong number of resources, 404 for another resource
     */
    static String requestId(Request request) throws Refused {
        if (request.method() != RequestMethod.PUT) {
            throw new Refused(ResponseCode.BAD_REQUEST, APP_ID + " offers only PUT/result/{id}, not "
                    + request.method());
        }
        List<String> r = request.resources();
        if (!r.isEmpty() && !RESULT.equals(r.get(0))) {
            throw new Refused(ResponseCode.NOT_FOUND, APP_ID + " has no resource '" + r.get(0) + "'");
        }
        if (r.size() != 2 || r.get(1).isEmpty()) {
            throw new Refused(ResponseCode.BAD_REQUEST, APP_ID + " expects PUT/result/{id}, got "
                    + String.join("/", r));
        }
        return r.get(1);
    }

    /**
     * Reads a result.
     *
     * @param payload the result request's payload
     * @param expectedService the service the request was sent to
     * @return what the result says
     * @throws Refused 400 naming the metric that is missing, mistyped or wrong
     */
    static Result result(CloudPayload payload, String expectedService) throws Refused {
        String status = string(payload, STATUS);
        if (status == null) {
            throw malformed("metric '" + STATUS + "' (STRING OK or ERROR) is missing");
        }
        String service = string(payload, SERVICE);
        if (service != null && !service.equals(expectedService)) {
            throw malformed("metric '" + SERVICE + "' is '" + service + "', the request was for '" + expectedService
                    + "'");
        }
        double computeMs = Double.NaN;
        TypedValue c = payload.metric(COMPUTE_MS);
        if (c != null) {
            if (c.type() != DataType.DOUBLE) {
                throw malformed("metric '" + COMPUTE_MS + "' must be a DOUBLE, was " + c.type());
            }
            computeMs = c.doubleValue();
            if (!Double.isFinite(computeMs) || computeMs < 0) {
                throw malformed("metric '" + COMPUTE_MS + "' must be finite and >= 0, was " + computeMs);
            }
        }
        String error = string(payload, ERROR);
        switch (status) {
            case STATUS_OK -> {
                byte[] body = payload.body();
                return new Ok(body == null ? new byte[0] : body, computeMs);
            }
            case STATUS_ERROR -> {
                return new Failed(error == null || error.isBlank() ? "(no error message)" : error, computeMs);
            }
            default -> throw malformed("metric '" + STATUS + "' must be OK or ERROR, was '" + status + "'");
        }
    }

    private static @Nullable String string(CloudPayload payload, String name) throws Refused {
        TypedValue v = payload.metric(name);
        if (v == null) {
            return null;
        }
        if (v.type() != DataType.STRING) {
            throw malformed("metric '" + name + "' must be a STRING, was " + v.type());
        }
        return v.stringValue();
    }

    private static Refused malformed(String why) {
        return new Refused(ResponseCode.BAD_REQUEST, "malformed " + APP_ID + " result: " + why);
    }
}
