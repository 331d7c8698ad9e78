// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.util.promise.Deferred;
import org.osgi.util.promise.Promise;
import org.osgi.util.promise.Promises;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudErrorCode;
import io.weir.cloud.CloudException;
import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPayload;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.cloud.QoS;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestMethod;
import io.weir.data.RecordBatch;
import io.weir.data.TypedValue;

/** Hand-made fakes of the connector's services, and request builders. */
final class Fakes {

    private Fakes() {
    }

    /** What the fake publisher does with a message. */
    enum Mode {
        /** accept at once (resolved promise) */
        ACCEPT,
        /** keep the promise pending */
        HOLD,
        /** fail the promise with STORE_FAILURE */
        FAIL,
        /** throw from publish */
        THROW
    }

    /** Records every message; answers as its {@link Mode} says. */
    static final class Publisher implements CloudPublisher {
        final List<CloudMessage> messages = new CopyOnWriteArrayList<>();
        volatile Mode mode = Mode.ACCEPT;

        @Override
        public Promise<Long> publish(CloudMessage message) {
            switch (mode) {
                case THROW -> throw new IllegalStateException("publisher exploded");
                case FAIL -> {
                    messages.add(message);
                    return Promises.failed(new CloudException(CloudErrorCode.STORE_FAILURE, "no space left on device"));
                }
                case HOLD -> {
                    messages.add(message);
                    return new Deferred<Long>().getPromise();
                }
                default -> {
                    messages.add(message);
                    return Promises.resolved((long) messages.size());
                }
            }
        }

        @Override
        public Promise<List<Long>> publish(String topic, RecordBatch records, QoS qos, int priority) {
            throw new UnsupportedOperationException("the offload target publishes no records");
        }

        CloudMessage last() {
            return messages.get(messages.size() - 1);
        }

        /** @return the request id of the last message: its topic's last level */
        String lastId() {
            String t = last().topic();
            return t.substring(t.lastIndexOf('/') + 1);
        }
    }

    /** A connection whose status the test sets. */
    static class Connection implements CloudConnection {
        volatile ConnectionStatus status = new ConnectionStatus(ConnectionState.CONNECTED, null, 0);

        void set(ConnectionState state, String error) {
            status = new ConnectionStatus(state, error, 0);
        }

        @Override
        public ConnectionStatus status() {
            return status;
        }

        @Override
        public Promise<ConnectionStatus> connect() {
            return Promises.resolved(status);
        }

        @Override
        public Promise<ConnectionStatus> disconnect() {
            return Promises.resolved(status);
        }
    }

    static final RequestContext CONTEXT = new RequestContext() {
        @Override
        public String accountName() {
            return "acme";
        }

        @Override
        public String clientId() {
            return "gw-1";
        }

        @Override
        public Promise<Long> publishNotification(String resource, CloudPayload payload) {
            throw new UnsupportedOperationException("OFFLOAD-V1 sends no notifications");
        }
    };

    /** @return a result request as the connector hands it over: PUT/result/{id} */
    static Request result(String id, Map<String, TypedValue> metrics, byte[] body) {
        return request(RequestMethod.PUT, List.of("result", id), metrics, body);
    }

    static Request request(RequestMethod method, List<String> resources, Map<String, TypedValue> metrics,
            byte[] body) {
        java.util.LinkedHashMap<String, TypedValue> m = new java.util.LinkedHashMap<>();
        m.put("request.id", TypedValue.ofString("cb-" + System.nanoTime()));
        m.put("requester.client.id", TypedValue.ofString("offload-service"));
        m.putAll(metrics);
        return new Request(OffloadProtocol.APP_ID, method, resources,
                new CloudPayload(CloudPayload.NO_TIMESTAMP, null, m, body), "cb", "offload-service");
    }

    static Map<String, TypedValue> ok(String service, double computeMs) {
        return Map.of("status", TypedValue.ofString("OK"), "service", TypedValue.ofString(service), "compute.ms",
                TypedValue.ofDouble(computeMs));
    }
}
