// SPDX-License-Identifier: Apache-2.0
package io.weir.fleet.inference.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.kura.KuraPayloadCodec;
import io.weir.data.TypedValue;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends results: a Kura request to {@code $EDC/{account}/{clientId}/OFFLOAD-V1/PUT/result/{requestId}}, QoS 0 (as
 * Kapua sends its requests), never gzipped, with the metrics of OFFLOAD-V1 in this order: {@code request.id} (a fresh
 * callback id), {@code requester.client.id}, {@code status}, {@code error} (ERROR only), {@code compute.ms}, {@code
 * service} (when the request's could be read); the payload timestamp is the time of sending. Counts each result.
 * Thread-safe.
 */
public final class ResultSender {

    /** Hands a message to MQTT (QoS 0, not retained); may be called from any thread, must not block. */
    @FunctionalInterface
    public interface Publisher {
        /**
         * @param topic the topic
         * @param payload the bytes
         * @throws Exception if the message could not be handed over (for example while disconnected)
         */
        void publish(String topic, byte[] payload) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResultSender.class);

    private final String account;
    private final String clientId;
    private final Publisher publisher;
    private final CounterSet counters;
    /** whether the last result could not be handed over: only the first of a run of failures is a WARN */
    private volatile boolean failing;

    /**
     * @param account the account
     * @param clientId this service's client id
     * @param publisher where results go
     * @param counters counted here: ok, errors (busy and expired are counted by the caller), publish failures
     */
    public ResultSender(String account, String clientId, Publisher publisher, CounterSet counters) {
        this.account = account;
        this.clientId = clientId;
        this.publisher = publisher;
        this.counters = counters;
    }

    /**
     * Sends an OK result.
     *
     * @param device the gateway's client id
     * @param requestId the request answered
     * @param service the service that computed it
     * @param computeMs the worker's time for the request
     * @param body the encoded output tensors
     */
    public void ok(String device, String requestId, String service, double computeMs, byte[] body) {
        counters.ok.increment();
        send(device, requestId, payload(OffloadProtocol.OK, null, computeMs, service, body));
    }

    /**
     * Sends an ERROR result.
     *
     * @param device the gateway's client id
     * @param requestId the request answered
     * @param service the request's service, or {@code null} if it could not be read
     * @param error why
     * @param computeMs the worker's time for the request, 0 if it never reached a worker
     */
    public void error(String device, String requestId, @Nullable String service, String error, double computeMs) {
        counters.errors.increment();
        LOG.debug("request {} of {} for {}: ERROR {}", requestId, device, service, error);
        send(device, requestId, payload(OffloadProtocol.ERROR, error, computeMs, service, null));
    }

    private CloudPayload payload(String status, @Nullable String error, double computeMs, @Nullable String service,
            byte @Nullable [] body) {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        metrics.put(OffloadProtocol.REQUEST_ID, TypedValue.ofString(callbackId()));
        metrics.put(OffloadProtocol.REQUESTER_CLIENT_ID, TypedValue.ofString(clientId));
        metrics.put(OffloadProtocol.STATUS, TypedValue.ofString(status));
        if (error != null) {
            metrics.put(OffloadProtocol.ERROR_MESSAGE, TypedValue.ofString(error));
        }
        metrics.put(OffloadProtocol.COMPUTE_MS, TypedValue.ofDouble(computeMs));
        if (service != null) {
            metrics.put(OffloadProtocol.SERVICE, TypedValue.ofString(service));
        }
        return new CloudPayload(System.currentTimeMillis(), null, metrics, body);
    }

    /** @return {@code <epoch ms>-<random non-negative long>}, Kura's CloudCallService form */
    private static String callbackId() {
        return System.currentTimeMillis() + "-" + (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private void send(String device, String requestId, CloudPayload payload) {
        String topic = OffloadProtocol.resultTopic(account, device, requestId);
        try {
            publisher.publish(topic, KuraPayloadCodec.encode(payload, false));
            failing = false;
        } catch (Exception e) {
            counters.publishFailures.increment();
            if (failing) {
                LOG.debug("result for request {} of {} lost: {}", requestId, device, e.toString());
            } else {
                failing = true;
                LOG.warn("result for request {} of {} lost, and results until one can be sent again: {}",
                        requestId, device, e.toString());
            }
        }
    }
}
