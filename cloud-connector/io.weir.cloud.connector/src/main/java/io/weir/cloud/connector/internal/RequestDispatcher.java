// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.connector.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudPayload;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestMethod;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.cloud.connector.internal.KapuaTopics.ControlTopic;
import io.weir.data.DataType;
import io.weir.data.TypedValue;

/**
 * The request/response framework (wire spec §3): routes requests received on
 * {@code {prefix}/{account}/{clientId}/{APP}/{METHOD}/{resources...}} to the {@link RequestHandler} registered for the
 * app, on a bounded executor, and publishes the reply on {@code {prefix}/{account}/{requester}/{APP}/REPLY/{id}}.
 *
 * <p>What it answers by itself, as Kura does:
 * <ul>
 * <li>a payload that is not a Kura payload, or without a STRING {@code request.id} and {@code requester.client.id}:
 * no reply at all (there is nowhere to send one); counted and logged;</li>
 * <li>no method level or an unknown method: 400;</li>
 * <li>an app with no handler: 404;</li>
 * <li>a handler that throws or returns {@code null}: 500 with the message;</li>
 * <li>no free thread and a full queue: 500 "busy".</li>
 * </ul>
 * Messages for the app {@code MQTT} (lifecycle) and {@code REPLY}/{@code NOTIFY} messages are not requests and are
 * ignored.
 */
final class RequestDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

    static final String REQUEST_ID = "request.id";
    static final String REQUESTER_CLIENT_ID = "requester.client.id";
    static final String RESPONSE_CODE = "response.code";
    static final String RESPONSE_EXCEPTION_MESSAGE = "response.exception.message";
    static final String RESPONSE_EXCEPTION_STACK = "response.exception.stack";

    /** Sends encoded control messages; implemented by the connector. */
    interface Outbound {
        /**
         * @param topic the full topic
         * @param payload the payload, encoded by the implementation
         * @return the message id once accepted
         */
        CompletableFuture<Long> sendControl(String topic, CloudPayload payload);
    }

    /** A registered handler. */
    record Registration(String appId, RequestHandler handler, int ranking, long serviceId) {
    }

    private final KapuaTopics topics;
    private final Outbound outbound;
    private final int maxPayload;
    private final ThreadPoolExecutor executor;
    private final Map<String, List<Registration>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> appsListeners = new CopyOnWriteArrayList<>();

    final AtomicLong handled = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong badEnvelope = new AtomicLong();
    final AtomicLong rejectedBusy = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private final AtomicLong ignoredLogged = new AtomicLong();

    RequestDispatcher(KapuaTopics topics, Outbound outbound, int maxPayload, int threads, int queue) {
        this.topics = topics;
        this.outbound = outbound;
        this.maxPayload = maxPayload;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "weir-cloud-request-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    // ------------------------------------------------------------------------------------------ handler registry

    void addAppsListener(Runnable listener) {
        appsListeners.add(listener);
    }

    void register(Registration r) {
        handlers.compute(r.appId(), (k, list) -> {
            List<Registration> l = list == null ? new ArrayList<>() : new ArrayList<>(list);
            l.add(r);
            l.sort(Comparator.comparingInt(Registration::ranking).reversed()
                    .thenComparingLong(Registration::serviceId));
            return List.copyOf(l);
        });
        appsListeners.forEach(Runnable::run);
    }

    void unregister(long serviceId) {
        boolean[] changed = { false };
        handlers.replaceAll((k, list) -> {
            List<Registration> l = list.stream().filter(r -> r.serviceId() != serviceId).toList();
            changed[0] |= l.size() != list.size();
            return l;
        });
        handlers.values().removeIf(List::isEmpty);
        if (changed[0]) {
            appsListeners.forEach(Runnable::run);
        }
    }

    /** @return the app ids that have a handler, sorted */
    Set<String> appIds() {
        return new TreeSet<>(handlers.keySet());
    }

    private @Nullable RequestHandler handlerFor(String appId) {
        List<Registration> l = handlers.get(appId);
        return l == null || l.isEmpty() ? null : l.get(0).handler();
    }

    // ------------------------------------------------------------------------------------------ dispatch

    /**
     * Handles one control message addressed to this gateway. Called on the inbound thread; never blocks on a
     * handler.
     *
     * @param topic the full topic
     * @param bytes the raw payload
     */
    void onControlMessage(String topic, byte[] bytes) {
        ControlTopic ct = topics.parseControl(topic);
        if (ct == null || KapuaTopics.MQTT_APP.equals(ct.appId())) {
            return;
        }
        if (!ct.rest().isEmpty() && (ct.rest().get(0).equals("REPLY") || ct.rest().get(0).equals("NOTIFY"))) {
            logIgnored("Ignoring {} message on {}: replies and notifications are not requests", ct.rest().get(0),
                    topic);
            return;
        }
        CloudPayload payload;
        try {
            payload = io.weir.cloud.kura.KuraPayloadCodec.decode(bytes, maxPayload);
        } catch (io.weir.cloud.kura.KuraPayloadException e) {
            malformed.incrementAndGet();
            logIgnored("Dropping request on {}: not a Kura payload ({}); no reply is possible", topic, e.getMessage());
            return;
        }
        String requestId = envelope(payload, REQUEST_ID);
        String requester = envelope(payload, REQUESTER_CLIENT_ID);
        if (requestId == null || requester == null) {
            badEnvelope.incrementAndGet();
            logIgnored("Dropping request on {}: {} and {} must both be non-empty STRING metrics without '/', '+' or "
                    + "'#'; no reply is possible", topic, REQUEST_ID, REQUESTER_CLIENT_ID);
            return;
        }
        String appId = ct.appId();
        if (ct.rest().isEmpty()) {
            reply(requester, appId, requestId, Response.error(ResponseCode.BAD_REQUEST,
                    "request topic has no method: expected " + appId + "/{GET|PUT|POST|DEL|EXEC}/..."));
            return;
        }
        RequestMethod method = RequestMethod.fromTopicLevel(ct.rest().get(0));
        if (method == null) {
            reply(requester, appId, requestId, Response.error(ResponseCode.BAD_REQUEST,
                    "unknown method '" + ct.rest().get(0) + "': expected GET, PUT, POST, DEL or EXEC"));
            return;
        }
        RequestHandler handler = handlerFor(appId);
        if (handler == null) {
            reply(requester, appId, requestId, Response.error(ResponseCode.NOT_FOUND,
                    "no application '" + appId + "' on this gateway; it serves " + appIds()));
            return;
        }
        Request request = new Request(appId, method, ct.rest().subList(1, ct.rest().size()), payload, requestId,
                requester);
        RequestContext context = new Context(requester, appId);
        try {
            executor.execute(() -> run(handler, request, context));
        } catch (RejectedExecutionException e) {
            rejectedBusy.incrementAndGet();
            reply(requester, appId, requestId, Response.error(ResponseCode.INTERNAL_ERROR,
                    "gateway busy: " + executor.getQueue().size() + " requests waiting; retry later"));
        }
    }

    private void run(RequestHandler handler, Request request, RequestContext context) {
        Response response;
        try {
            response = handler.handle(request, context);
            if (response == null) {
                failed.incrementAndGet();
                response = Response.error(ResponseCode.INTERNAL_ERROR,
                        "the " + request.appId() + " handler returned no response");
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("{} {} {} failed", request.appId(), request.method(), request.resources(), e);
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            response = new Response(ResponseCode.INTERNAL_ERROR, CloudPayload.EMPTY, message, null);
        }
        handled.incrementAndGet();
        reply(request.requesterClientId(), request.appId(), request.requestId(), response);
    }

    private static @Nullable String envelope(CloudPayload payload, String name) {
        TypedValue v = payload.metric(name);
        if (v == null || v.type() != DataType.STRING) {
            return null;
        }
        String s = v.stringValue();
        return s.isEmpty() || s.indexOf('/') >= 0 || s.indexOf('+') >= 0 || s.indexOf('#') >= 0 ? null : s;
    }

    /** Sends a response: the handler's metrics and body plus the protocol's response metrics. */
    private void reply(String requester, String appId, String requestId, Response response) {
        Map<String, TypedValue> metrics = new LinkedHashMap<>();
        response.payload().metrics().forEach((k, v) -> {
            if (!k.startsWith("response.")) {
                metrics.put(k, v);
            }
        });
        metrics.put(RESPONSE_CODE, TypedValue.ofInteger(response.code().code()));
        if (response.exceptionMessage() != null) {
            metrics.put(RESPONSE_EXCEPTION_MESSAGE, TypedValue.ofString(response.exceptionMessage()));
        }
        if (response.exceptionStack() != null) {
            metrics.put(RESPONSE_EXCEPTION_STACK, TypedValue.ofString(response.exceptionStack()));
        }
        CloudPayload p = new CloudPayload(System.currentTimeMillis(), response.payload().position(), metrics,
                response.payload().body());
        outbound.sendControl(topics.reply(requester, appId, requestId), p).whenComplete((id, e) -> {
            if (e != null) {
                LOG.warn("Reply to {} for {} request {} not sent: {}", requester, appId, requestId, e.getMessage());
            }
        });
    }

    private void logIgnored(String format, Object... args) {
        long n = ignoredLogged.incrementAndGet();
        if (n <= 10 || Long.bitCount(n) == 1) {
            LOG.warn(format, args);
        } else {
            LOG.debug(format, args);
        }
    }

    void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The context handed to handlers: the notification channel for one requester and app. */
    private final class Context implements RequestContext {
        private final String requester;
        private final String appId;

        Context(String requester, String appId) {
            this.requester = requester;
            this.appId = appId;
        }

        @Override
        public String accountName() {
            return topics.account();
        }

        @Override
        public String clientId() {
            return topics.clientId();
        }

        @Override
        public org.osgi.util.promise.Promise<Long> publishNotification(String resource, CloudPayload payload) {
            if (resource.isEmpty() || resource.startsWith("/") || resource.endsWith("/") || resource.contains("//")
                    || resource.indexOf('+') >= 0 || resource.indexOf('#') >= 0) {
                throw new IllegalArgumentException("notification resource '" + resource
                        + "' must be topic levels without wildcards");
            }
            CloudPayload p = payload.timestamp() == CloudPayload.NO_TIMESTAMP
                    ? new CloudPayload(System.currentTimeMillis(), payload.position(), payload.metrics(),
                            payload.body())
                    : payload;
            return Promises.of(outbound.sendControl(topics.notification(requester, appId, resource), p));
        }
    }
}
