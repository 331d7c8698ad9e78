// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.cloud.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.weir.cloud.CloudConnection;
import io.weir.cloud.CloudMessage;
import io.weir.cloud.CloudPublisher;
import io.weir.cloud.ConnectionState;
import io.weir.cloud.ConnectionStatus;
import io.weir.cloud.Request;
import io.weir.cloud.RequestContext;
import io.weir.cloud.RequestHandler;
import io.weir.cloud.RequestHandlerApp;
import io.weir.cloud.Response;
import io.weir.cloud.ResponseCode;
import io.weir.health.HealthContributor;
import io.weir.health.HealthReport;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.OffloadRequest;
import io.weir.scheduler.RemoteTarget;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.Task;
import io.weir.scheduler.cloud.internal.PendingRequests.Entry;

/**
 * The cloud as a scheduler {@link RemoteTarget} (id {@value #TARGET_ID}) over OFFLOAD-V1 ({@link OffloadProtocol}):
 * {@link #execute} publishes the task as a QoS 0 data message and returns a stage that the matching result request,
 * received as the {@link RequestHandler} of app {@value OffloadProtocol#APP_ID}, completes; or that fails at the
 * timeout, when the connection goes down, or when publishing fails. Answered requests teach the {@link LinkEstimator}.
 *
 * <p>Threads: {@code execute}, {@code available}, {@code linkEstimates} and {@code health} never block (the scheduler
 * calls them under its lock). A refused task gets a stage that has already failed. Results arrive on the connector's
 * request threads, which only match and record them; every other stage is completed on this component's own thread
 * {@code weir-scheduler-cloud-results} (which also runs the timeouts and the connection check), so the scheduler's
 * callbacks never hold a connector thread.
 */
@Component(service = { RemoteTarget.class, RequestHandler.class, HealthContributor.class },
        configurationPid = CloudOffloadTarget.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CloudOffloadConfig.class)
@RequestHandlerApp(OffloadProtocol.APP_ID)
public final class CloudOffloadTarget implements RemoteTarget, RequestHandler, HealthContributor {

    /** The configuration PID. */
    public static final String PID = "io.weir.scheduler.cloud";

    static final String TARGET_ID = "cloud";
    static final String HEALTH_NAME = "scheduler.cloud";
    /** How often pending requests are checked against the connection state. */
    static final long CONNECTION_CHECK_MS = 250;
    static final long LOG_INTERVAL_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(CloudOffloadTarget.class);

    private final Settings settings;
    private final CloudPublisher publisher;
    private final CloudConnection connection;
    private final LongSupplier wallMs;
    private final LongSupplier nanos;
    private final ScheduledThreadPoolExecutor results;
    private final PendingRequests pending;
    private final LinkEstimator estimator;
    private final ServiceBreaker breaker;
    private final OffloadCounters counters = new OffloadCounters();
    private final String idPrefix = String.format("%08x", ThreadLocalRandom.current().nextInt());
    private final AtomicLong sequence = new AtomicLong();
    private final LogThrottle failureLog;
    private final LogThrottle answerLog;
    private volatile boolean closed;

    /**
     * @param config the configuration
     * @param publisher the connector's publisher
     * @param connection the connector's connection
     * @throws IllegalArgumentException naming the attribute if the configuration is invalid
     */
    @Activate
    public CloudOffloadTarget(CloudOffloadConfig config, @Reference(name = "publisher") CloudPublisher publisher,
            @Reference(name = "connection") CloudConnection connection) {
        this(Settings.from(config), publisher, connection, System::currentTimeMillis, System::nanoTime);
    }

    CloudOffloadTarget(Settings settings, CloudPublisher publisher, CloudConnection connection, LongSupplier wallMs,
            LongSupplier nanos) {
        this.settings = settings;
        this.publisher = publisher;
        this.connection = connection;
        this.wallMs = wallMs;
        this.nanos = nanos;
        this.pending = new PendingRequests(settings.maxPending(), Math.max(1024, 4 * settings.maxPending()));
        this.estimator = new LinkEstimator(settings.alpha(), settings.uplinkMs(), settings.uplinkMsPerKiB(),
                settings.downlinkMs());
        this.breaker = new ServiceBreaker(settings.pauseAfterUnanswered(), settings.pauseMs(), settings.maxPauseMs(),
                nanos);
        this.failureLog = new LogThrottle(LOG_INTERVAL_MS, nanos);
        this.answerLog = new LogThrottle(LOG_INTERVAL_MS, nanos);
        this.results = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "weir-scheduler-cloud-results");
            t.setDaemon(true);
            return t;
        });
        results.setRemoveOnCancelPolicy(true);
        results.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        results.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        results.scheduleWithFixedDelay(this::checkConnection, CONNECTION_CHECK_MS, CONNECTION_CHECK_MS,
                TimeUnit.MILLISECONDS);
        LOG.info("cloud offload target {}: {}", settings.enabled() ? "enabled" : "disabled", settings);
    }

    /** Fails every task still waiting (the scheduler runs them locally) and stops the thread (bounded wait). */
    @Deactivate
    void deactivate() {
        closed = true;
        failAll();
        results.shutdown();
        try {
            if (!results.awaitTermination(5, TimeUnit.SECONDS)) {
                results.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(); // a task that raced with the stop: completed inline now that the thread is gone
    }

    private void failAll() {
        for (Entry e : pending.takeAll()) {
            fail(e, new OffloadException("the cloud offload target stopped before the result of task " + e.taskId
                    + " arrived"));
        }
    }

    // ------------------------------------------------------------------ RemoteTarget

    @Override
    public String id() {
        return TARGET_ID;
    }

    @Override
    public TargetKind kind() {
        return TargetKind.CLOUD;
    }

    @Override
    public int capacity() {
        return settings.capacity();
    }

    @Override
    public boolean available() {
        return !closed && settings.enabled() && status().state() == ConnectionState.CONNECTED && breaker.allows();
    }

    @Override
    public LatencyEstimates linkEstimates() {
        return estimator.estimates();
    }

    @Override
    public CompletionStage<byte[]> execute(Task task, OffloadRequest request, long timeoutMs) {
        String refusal = refusal(request, timeoutMs);
        if (refusal != null) {
            counters.refused.incrementAndGet();
            LOG.debug("task {} not offloaded: {}", task.id(), refusal);
            return CompletableFuture.failedFuture(new OffloadException(refusal));
        }
        if (!breaker.admit()) {
            counters.refused.incrementAndGet();
            String why = breaker.refusal();
            return CompletableFuture.failedFuture(new OffloadException(why != null ? why
                    : "the cloud service is being probed after it did not answer"));
        }
        String id = idPrefix + "-" + sequence.incrementAndGet();
        long now = wallMs.getAsLong();
        long deadline = Math.min(task.deadlineMs(), saturatedAdd(now, timeoutMs));
        CloudMessage message = OffloadProtocol.request(id, request.service(), deadline, now, request.payload());
        Entry e = new Entry(id, task.id(), request.service(), request.size(), nanos.getAsLong());
        if (!pending.offer(e)) {
            breaker.failedOtherwise(e.startNanos);
            counters.refused.incrementAndGet();
            return CompletableFuture.failedFuture(new OffloadException("too many offloaded tasks in flight ("
                    + settings.maxPending() + ", maxPending)"));
        }
        try {
            e.timeout(results.schedule(() -> timedOut(id, timeoutMs), timeoutMs, TimeUnit.MILLISECONDS));
            publisher.publish(message).onFailure(x -> publishFailed(id, x));
            counters.sent.incrementAndGet();
            LOG.debug("task {} offloaded as request {} to {} ({} bytes)", task.id(), id, request.service(),
                    request.size());
        } catch (RuntimeException x) {
            publishFailed(id, x);
        }
        // a copy: a caller completing or cancelling its stage does not touch the entry
        return e.future.copy();
    }

    private @Nullable String refusal(OffloadRequest request, long timeoutMs) {
        if (closed) {
            return "the cloud offload target is stopped";
        }
        if (!settings.enabled()) {
            return "cloud offload is disabled by configuration (" + PID + " enabled=false)";
        }
        ConnectionStatus s = status();
        if (s.state() != ConnectionState.CONNECTED) {
            return "the cloud connection is " + s.state() + (s.lastError() == null ? "" : " (" + s.lastError() + ")");
        }
        if (request.size() > settings.maxPayloadBytes()) {
            return "the offload payload is " + request.size() + " bytes, above maxPayloadBytes "
                    + settings.maxPayloadBytes();
        }
        if (timeoutMs < 1) {
            return "the offload timeout must be at least 1 ms, was " + timeoutMs;
        }
        return null;
    }

    // ------------------------------------------------------------------ results (RequestHandler)

    @Override
    public Response handle(Request request, RequestContext context) {
        try {
            return answer(request);
        } catch (Refused r) {
            if (r.code() == ResponseCode.BAD_REQUEST) {
                counters.malformed.incrementAndGet();
                answerLog.warn(LOG, "result from {} answered 400: {}", request.requesterClientId(), r.getMessage());
            }
            return Response.error(r.code(), r.getMessage());
        } catch (RuntimeException x) {
            answerLog.warn(LOG, "{} result from {} could not be handled: {}", OffloadProtocol.APP_ID,
                    request.requesterClientId(), x.toString());
            return Response.error(ResponseCode.INTERNAL_ERROR, "the result could not be handled: " + x);
        }
    }

    private Response answer(Request request) throws Refused {
        String id = OffloadProtocol.requestId(request);
        long arrived = nanos.getAsLong();
        Entry e = pending.take(id);
        if (e == null) {
            boolean late = pending.ended(id);
            if (late) {
                breaker.answered(); // slow, but alive
            }
            (late ? counters.lateAnswers : counters.unknownAnswers).incrementAndGet();
            LOG.debug("{} result for {} request {} from {}", OffloadProtocol.APP_ID, late ? "ended" : "unknown", id,
                    request.requesterClientId());
            throw new Refused(ResponseCode.NOT_FOUND, late ? "request " + id + " has already ended (timed out, "
                    + "failed or answered)" : "no offload request " + id);
        }
        breaker.answered();
        OffloadProtocol.Result r;
        try {
            r = OffloadProtocol.result(request.payload(), e.service);
        } catch (Refused x) {
            fail(e, new OffloadException(x.getMessage() + " (task " + e.taskId + ")"));
            throw x;
        }
        double roundTripMs = (arrived - e.startNanos) / 1e6;
        if (r.computeMs() <= roundTripMs) { // false for NaN: no compute time, nothing to learn
            estimator.observe(roundTripMs - r.computeMs(), e.size);
        }
        if (r instanceof OffloadProtocol.Ok ok) {
            counters.ok.incrementAndGet();
            LOG.debug("request {} (task {}) answered OK in {} ms", id, e.taskId, roundTripMs);
            completeOn(() -> e.future.complete(ok.body()));
        } else if (r instanceof OffloadProtocol.Failed f) {
            counters.errors.incrementAndGet();
            LOG.debug("request {} (task {}) answered ERROR: {}", id, e.taskId, f.error());
            fail(e, new OffloadException("cloud service " + e.service + " failed: " + f.error()));
        }
        return Response.ok();
    }

    // ------------------------------------------------------------------ failures

    private void timedOut(String id, long timeoutMs) {
        Entry e = pending.take(id);
        if (e != null) {
            counters.timeouts.incrementAndGet();
            failureLog.warn(LOG, "no {} result for request {} (task {}, service {}) within {} ms",
                    OffloadProtocol.APP_ID, id, e.taskId, e.service, timeoutMs);
            if (breaker.unanswered(e.startNanos)) {
                LOG.warn("{}", breaker.refusal());
            }
            e.future.completeExceptionally(new TimeoutException("no " + OffloadProtocol.APP_ID + " result within "
                    + timeoutMs + " ms"));
        }
    }

    private void publishFailed(String id, Throwable cause) {
        Entry e = pending.take(id);
        if (e != null) {
            breaker.failedOtherwise(e.startNanos);
            counters.publishFailures.incrementAndGet();
            failureLog.warn(LOG, "offload request {} (task {}) could not be published: {}", id, e.taskId,
                    cause.toString());
            fail(e, new OffloadException("the offload request could not be published: " + cause.getMessage(), cause));
        }
    }

    private void checkConnection() {
        if (closed || pending.isEmpty()) {
            return;
        }
        ConnectionStatus s = status();
        if (s.state() == ConnectionState.CONNECTED) {
            return;
        }
        for (Entry e : pending.takeAll()) {
            breaker.failedOtherwise(e.startNanos);
            counters.lost.incrementAndGet();
            e.future.completeExceptionally(new OffloadException("the cloud connection went " + s.state()
                    + " while task " + e.taskId + " waited for its result"));
        }
        failureLog.warn(LOG, "the cloud connection is {}: the offloaded tasks in flight failed", s.state());
    }

    private void fail(Entry e, Exception why) {
        completeOn(() -> e.future.completeExceptionally(why));
    }

    /** Completes a stage on the results thread (inline once it is stopped), never on the caller's thread. */
    private void completeOn(Runnable completion) {
        try {
            results.execute(completion);
        } catch (RejectedExecutionException x) {
            completion.run();
        }
    }

    private ConnectionStatus status() {
        try {
            return connection.status();
        } catch (RuntimeException x) {
            return new ConnectionStatus(ConnectionState.DISCONNECTED, "status unavailable: " + x, 0);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    // ------------------------------------------------------------------ health

    @Override
    public String name() {
        return HEALTH_NAME;
    }

    @Override
    public HealthReport health() {
        return OffloadHealth.report(settings, status(), pending.size(), counters, estimator, breaker);
    }
}
