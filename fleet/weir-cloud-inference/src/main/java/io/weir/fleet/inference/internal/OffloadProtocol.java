// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import org.jspecify.annotations.Nullable;

/**
 * The names of protocol OFFLOAD-V1: topics, metrics and values (the protocol is described in this module's
 * README).
 *
 * <pre>
 * request (gateway → cloud), a data message, QoS 0:  {account}/{clientId}/W1/OFFLOAD-V1/{requestId}
 *     request.id STRING (= requestId), service STRING, deadline INT64 (epoch ms), body = WTN1 tensors
 * result (cloud → gateway), a Kura request, QoS 0:   $EDC/{account}/{clientId}/OFFLOAD-V1/PUT/result/{requestId}
 *     request.id STRING (fresh), requester.client.id STRING, status STRING OK|ERROR, error STRING (ERROR only),
 *     compute.ms DOUBLE, service STRING, body = WTN1 tensors (OK only)
 * reply (gateway → cloud), a Kura response:          $EDC/{account}/{cloudClientId}/OFFLOAD-V1/REPLY/{callbackId}
 * </pre>
 */
public final class OffloadProtocol {

    /** The application id of the protocol: {@value}. */
    public static final String APP_ID = "OFFLOAD-V1";
    /** The data application id under which gateways publish requests: {@value}. */
    public static final String DATA_APP_ID = "W1";
    /** The control prefix of Kapua: {@value}. */
    public static final String CONTROL_PREFIX = "$EDC";

    /** Request and result: the correlation id (STRING): {@value}. */
    public static final String REQUEST_ID = "request.id";
    /** Result: the client id of the cloud service, where the gateway replies (STRING): {@value}. */
    public static final String REQUESTER_CLIENT_ID = "requester.client.id";
    /** Request and result: the service name (STRING): {@value}. */
    public static final String SERVICE = "service";
    /** Request: the time after which the result is useless, epoch milliseconds (INT64): {@value}. */
    public static final String DEADLINE = "deadline";
    /** Result: {@value #OK} or {@value #ERROR} (STRING): {@value}. */
    public static final String STATUS = "status";
    /** Result: why, only with status {@value #ERROR} (STRING): {@value}. */
    public static final String ERROR_MESSAGE = "error";
    /** Result: the service's compute time for the request in milliseconds (DOUBLE): {@value}. */
    public static final String COMPUTE_MS = "compute.ms";
    /** Reply: the gateway's response code (INT32), 200 when it took the result: {@value}. */
    public static final String RESPONSE_CODE = "response.code";

    /** Status of a computed result: {@value}. */
    public static final String OK = "OK";
    /** Status of a refused or failed request: {@value}. */
    public static final String ERROR = "ERROR";
    /** The error of a request refused because every worker is busy and the queue is full: {@value}. */
    public static final String BUSY = "busy";
    /** The error of a request whose deadline passed before it could be computed: {@value}. */
    public static final String DEADLINE_PASSED = "deadline passed";

    /** Services running a model bundle's model are named this prefix and the model name: {@value}. */
    public static final String INFERENCE_PREFIX = "inference/";

    private OffloadProtocol() {
    }

    /** Where a request came from, read from its topic. */
    public record RequestTopic(String clientId, String requestId) {
    }

    /**
     * @param account the account
     * @return the filter of every device's requests: {@code {account}/+/W1/OFFLOAD-V1/+}
     */
    public static String requestFilter(String account) {
        return account + "/+/" + DATA_APP_ID + "/" + APP_ID + "/+";
    }

    /**
     * @param account the account
     * @param clientId this service's client id
     * @return the filter of the gateways' replies to results: {@code $EDC/{account}/{clientId}/OFFLOAD-V1/REPLY/+}
     */
    public static String replyFilter(String account, String clientId) {
        return CONTROL_PREFIX + "/" + account + "/" + clientId + "/" + APP_ID + "/REPLY/+";
    }

    /**
     * @param account the account
     * @param clientId the gateway's client id
     * @param requestId the id of the request being answered
     * @return {@code $EDC/{account}/{clientId}/OFFLOAD-V1/PUT/result/{requestId}}
     */
    public static String resultTopic(String account, String clientId, String requestId) {
        return CONTROL_PREFIX + "/" + account + "/" + clientId + "/" + APP_ID + "/PUT/result/" + requestId;
    }

    /**
     * @param account the account served
     * @param topic a topic a request arrived on
     * @return the device and request id, or {@code null} if the topic is not exactly {@code
     *     {account}/{clientId}/W1/OFFLOAD-V1/{requestId}} with non-empty levels
     */
    public static @Nullable RequestTopic parseRequestTopic(String account, String topic) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 5 || !levels[0].equals(account) || !levels[2].equals(DATA_APP_ID)
                || !levels[3].equals(APP_ID) || levels[1].isEmpty() || levels[4].isEmpty()) {
            return null;
        }
        return new RequestTopic(levels[1], levels[4]);
    }
}
