// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.Placement;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;

/**
 * A discrete-event simulation in virtual time of the gateway's scheduler driving one {@link SchedulingPolicy} over a
 * trace. Deterministic: events at the same instant run in the order they were scheduled, and the trace carries every
 * random draw (costs, jitter), so the same trace and policy give the same result.
 *
 * <p>Targets: {@code local}, a pool of reference cores, and {@code cloud}, a pool of faster workers behind one uplink
 * (see {@link Platform}). A task's life:
 * <ol>
 * <li>on arrival the policy places it with a {@link ClusterView} built for it (the deferred tasks are asked again
 * first, then the new one);</li>
 * <li>PLACE local: the local queue, by priority then FIFO, a free core, done after {@code actualCost};</li>
 * <li>PLACE cloud: the gateway's outbound queue (priority, FIFO), one transmission at a time at the uplink's
 * bandwidth, the one-way latency, the cloud's queue (priority, FIFO), a cloud worker for {@code actualCost *
 * cloudFactor}, the result's downlink latency. A cloud task not back {@code cloudTimeoutMs} after it was placed
 * fails there and is placed again with the cloud unavailable to it; an outage loses everything on the cloud path
 * beyond the outbound queue (those tasks then time out), pauses the uplink, and marks the cloud unavailable
 * {@code outageDetectMs} after it starts;</li>
 * <li>DEFER: asked again after each arrival and completion, and every {@link #RETRY_MS} while any is deferred;
 * REJECT: FAILED;</li>
 * <li>a policy answer that breaks the rules (unknown or unavailable target, a remote target for a task that is not
 * offloadable) or throws counts as a policy failure and the task runs locally, as the API specifies;</li>
 * <li>a task whose deadline passes before it starts (deferred, in a queue, not yet sent) EXPIRES; one that is
 * already running completes late (a deadline miss); one whose cloud attempt times out after its deadline
 * EXPIRES.</li>
 * </ol>
 * Every submitted task ends COMPLETED, FAILED or EXPIRED with a reason; {@link #run()} checks that.
 */
final class Simulation {

    static final String LOCAL = "local";
    static final String CLOUD = "cloud";
    /** The scheduler's retry interval for deferred tasks. */
    static final double RETRY_MS = 100;
    /** A task deferred this long fails. */
    static final double MAX_DEFER_MS = 30_000;

    /** Where a task is. */
    private enum Where {
        NEW, DEFERRED, LOCAL_QUEUE, LOCAL_RUN, UPLINK_QUEUE, UPLINK_SEND, UPLINK_TRANSIT, CLOUD_QUEUE, CLOUD_RUN,
        DOWNLINK, LOST, DONE
    }

    private static final Set<Where> CLOUD_PATH = EnumSet.of(Where.UPLINK_QUEUE, Where.UPLINK_SEND,
            Where.UPLINK_TRANSIT, Where.CLOUD_QUEUE, Where.CLOUD_RUN, Where.DOWNLINK, Where.LOST);

    private enum Kind {
        ARRIVAL, LOCAL_DONE, SEND_DONE, CLOUD_ARRIVE, CLOUD_DONE, RESULT, TIMEOUT, DEADLINE, RETRY, OUTAGE_START,
        OUTAGE_DETECTED, OUTAGE_END
    }

    private record Event(double time, long seq, Kind kind, @Nullable Job job, int attempt) {
    }

    private static final class Job {
        final TraceTask trace;
        Where where = Where.NEW;
        /** Generation of the cloud attempt; events of an earlier one are stale. */
        int attempt;
        boolean cloudFailed;
        long queueSeq;
        double deferredSince = Double.NaN;
        double enqueuedAt;
        double startedAt;
        double sendStart;
        double sendEnd;
        double cloudArrive;
        double cloudStart;
        double cloudEnd;
        @Nullable
        Outcome outcome;

        Job(TraceTask trace) {
            this.trace = trace;
        }

        int priority() {
            return trace.task().priority();
        }
    }

    private static final Comparator<Job> QUEUE_ORDER = Comparator.comparingInt(Job::priority)
            .thenComparingLong(j -> j.queueSeq);

    private final List<TraceTask> trace;
    private final SchedulingPolicy policy;
    private final Platform platform;
    private final double reservedLocal;
    private final double reservedCloud;
    private final LatencyLearner localLearner;
    private final LatencyLearner cloudLearner;

    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparingDouble(Event::time).thenComparingLong(Event::seq));
    private long eventSeq;
    private long queueSeq;
    private double now;

    private final List<Job> jobs = new ArrayList<>();
    private final PriorityQueue<Job> localQueue = new PriorityQueue<>(QUEUE_ORDER);
    private int localBusy;
    private final PriorityQueue<Job> uplinkQueue = new PriorityQueue<>(QUEUE_ORDER);
    private double uplinkQueuedBytes;
    private @Nullable Job sending;
    private final PriorityQueue<Job> cloudQueue = new PriorityQueue<>(QUEUE_ORDER);
    private int cloudBusy;
    private int cloudInFlight;
    private boolean linkDown;
    private boolean cloudMarkedDown;
    private final List<Job> deferred = new ArrayList<>();
    private boolean retryPending;

    private double localBusyMs;
    private double cloudBusyMs;
    private double linkBusyMs;
    private long bytesSent;
    private int policyFailures;
    private int timeouts;
    private double lastEnd;

    /**
     * @param trace the tasks, in arrival order
     * @param policy the policy under test, fresh for this run
     * @param platform the targets
     * @param options the scheduler's settings
     */
    Simulation(List<TraceTask> trace, SchedulingPolicy policy, Platform platform, Options options) {
        this.trace = List.copyOf(trace);
        this.policy = policy;
        this.platform = platform;
        this.reservedLocal = options.reservedLocal();
        this.reservedCloud = options.reservedCloud();
        this.localLearner = new LatencyLearner(options.alpha(), LatencyEstimates.LOCAL_DEFAULT,
                options.priorExecMs());
        this.cloudLearner = new LatencyLearner(options.alpha(), new LatencyEstimates(0, platform.cloudFactor(),
                platform.uplinkLatencyMs(), 1 / platform.uplinkKiBPerMs(), platform.downlinkMs()),
                options.priorExecMs() * platform.cloudFactor());
    }

    /**
     * The scheduler's settings.
     *
     * @param alpha EWMA weight of a new sample
     * @param priorExecMs mean execution time assumed before the first completion (the configured cost scale)
     * @param reservedLocal share of the local pool reported as reserved for urgent work
     * @param reservedCloud share of the cloud reported as reserved
     */
    record Options(double alpha, double priorExecMs, double reservedLocal, double reservedCloud) {
        static Options defaults(double priorExecMs) {
            return new Options(0.2, priorExecMs, 0, 0);
        }
    }

    /**
     * Runs the trace to the end.
     *
     * @return the outcome of every task and the targets' use
     * @throws IllegalStateException if a task did not end COMPLETED, FAILED or EXPIRED
     */
    RunResult run() {
        for (TraceTask t : trace) {
            Job j = new Job(t);
            jobs.add(j);
            schedule(t.arrivalMs(), Kind.ARRIVAL, j, 0);
            if (t.task().hasDeadline()) {
                schedule(t.deadline(), Kind.DEADLINE, j, 0);
            }
        }
        for (Outage o : platform.outages()) {
            schedule(o.startMs(), Kind.OUTAGE_START, null, 0);
            if (o.startMs() + platform.outageDetectMs() < o.endMs()) {
                schedule(o.startMs() + platform.outageDetectMs(), Kind.OUTAGE_DETECTED, null, 0);
            }
            schedule(o.endMs(), Kind.OUTAGE_END, null, 0);
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            now = e.time();
            handle(e);
        }
        List<Outcome> outcomes = new ArrayList<>(jobs.size());
        for (Job j : jobs) {
            if (j.outcome == null || j.where != Where.DONE) {
                throw new IllegalStateException("invariant broken: task " + j.trace.task().id() + " of policy "
                        + policy.name() + " did not end (" + j.where + ")");
            }
            outcomes.add(j.outcome);
        }
        if (localBusy != 0 || cloudBusy != 0 || sending != null || cloudInFlight != 0 || !deferred.isEmpty()
                || !localQueue.isEmpty() || !uplinkQueue.isEmpty() || !cloudQueue.isEmpty()) {
            throw new IllegalStateException("invariant broken: targets not idle at the end of policy "
                    + policy.name());
        }
        return new RunResult(policy.name(), outcomes, localBusyMs, cloudBusyMs, linkBusyMs, lastEnd, bytesSent,
                policyFailures, timeouts, platform);
    }

    private void schedule(double time, Kind kind, @Nullable Job job, int attempt) {
        events.add(new Event(time, eventSeq++, kind, job, attempt));
    }

    private void handle(Event e) {
        Job j = e.job();
        switch (e.kind()) {
            case ARRIVAL -> {
                retryDeferred();
                decide(j);
            }
            case LOCAL_DONE -> {
                localBusy--;
                double exec = now - j.startedAt;
                localBusyMs += exec;
                localLearner.executed(j.trace.task().costMs(), exec);
                complete(j, LOCAL);
                startLocal();
                retryDeferred();
            }
            case SEND_DONE -> {
                if (stale(e, Where.UPLINK_SEND)) {
                    return;
                }
                sending = null;
                j.sendEnd = now;
                linkBusyMs += now - j.sendStart;
                bytesSent += j.trace.task().inputBytes();
                j.where = Where.UPLINK_TRANSIT;
                schedule(now + j.trace.uplinkLatencyMs(platform), Kind.CLOUD_ARRIVE, j, j.attempt);
                pumpLink();
            }
            case CLOUD_ARRIVE -> {
                if (stale(e, Where.UPLINK_TRANSIT)) {
                    return;
                }
                j.cloudArrive = now;
                if (now >= j.trace.deadline()) {
                    leaveCloud(j);
                    expire(j, "deadline passed before it reached the cloud queue");
                    return;
                }
                j.where = Where.CLOUD_QUEUE;
                j.queueSeq = queueSeq++;
                cloudQueue.add(j);
                startCloud();
            }
            case CLOUD_DONE -> {
                if (stale(e, Where.CLOUD_RUN)) {
                    return;
                }
                cloudBusy--;
                j.cloudEnd = now;
                cloudBusyMs += now - j.cloudStart;
                j.where = Where.DOWNLINK;
                schedule(now + j.trace.downlinkMs(platform), Kind.RESULT, j, j.attempt);
                startCloud();
            }
            case RESULT -> {
                if (stale(e, Where.DOWNLINK)) {
                    return;
                }
                cloudInFlight--;
                cloudLearner.remoteResult(j.trace.task().costMs(), j.trace.task().inputBytes(),
                        j.sendEnd - j.sendStart, j.cloudArrive - j.sendEnd, j.cloudStart - j.cloudArrive,
                        j.cloudEnd - j.cloudStart, now - j.cloudEnd);
                complete(j, CLOUD);
                retryDeferred();
            }
            case TIMEOUT -> {
                if (e.attempt() != j.attempt || !CLOUD_PATH.contains(j.where)) {
                    return;
                }
                leaveCloud(j);
                timeouts++;
                j.cloudFailed = true;
                if (now >= j.trace.deadline()) {
                    expire(j, "cloud timeout after its deadline");
                } else {
                    decide(j);
                }
            }
            case DEADLINE -> expireIfWaiting(j);
            case RETRY -> {
                retryPending = false;
                retryDeferred();
            }
            case OUTAGE_START -> {
                linkDown = true;
                for (Job k : jobs) {
                    if (k.where == Where.UPLINK_SEND || k.where == Where.UPLINK_TRANSIT || k.where == Where.CLOUD_QUEUE
                            || k.where == Where.CLOUD_RUN || k.where == Where.DOWNLINK) {
                        loseInOutage(k);
                    }
                }
            }
            case OUTAGE_DETECTED -> cloudMarkedDown = true;
            case OUTAGE_END -> {
                linkDown = false;
                cloudMarkedDown = false;
                pumpLink();
                retryDeferred();
            }
        }
    }

    private boolean stale(Event e, Where expected) {
        return e.job() == null || e.attempt() != e.job().attempt || e.job().where != expected;
    }

    // ---- decisions

    private void decide(Job j) {
        Task task = j.trace.task();
        if (now >= j.trace.deadline()) {
            expire(j, "deadline passed before it was placed");
            return;
        }
        Placement p;
        String failure = null;
        try {
            p = policy.place(task, new View(j));
            if (p == null) {
                failure = "returned null";
            }
        } catch (RuntimeException e) {
            p = null;
            failure = "threw " + e;
        }
        if (p != null) {
            switch (p.decision()) {
                case PLACE -> {
                    String id = p.targetId();
                    if (LOCAL.equals(id)) {
                        enqueueLocal(j);
                        return;
                    }
                    if (CLOUD.equals(id) && cloudAvailableFor(j) && task.offloadable()) {
                        placeCloud(j);
                        return;
                    }
                    failure = "placed on " + id + (CLOUD.equals(id) ? task.offloadable() ? " (unavailable)"
                            : " (not offloadable)" : " (unknown target)");
                }
                case DEFER -> {
                    if (Double.isNaN(j.deferredSince)) {
                        j.deferredSince = now;
                    }
                    if (now - j.deferredSince >= MAX_DEFER_MS) {
                        fail(j, "deferred for " + (long) MAX_DEFER_MS + " ms: " + p.reason(), false);
                        return;
                    }
                    j.where = Where.DEFERRED;
                    deferred.add(j);
                    if (!retryPending) {
                        retryPending = true;
                        schedule(now + RETRY_MS, Kind.RETRY, null, 0);
                    }
                    return;
                }
                case REJECT -> {
                    fail(j, "rejected: " + p.reason(), true);
                    return;
                }
            }
        }
        policyFailures++; // the API's rule: a policy failure runs the task locally
        enqueueLocal(j);
    }

    private void retryDeferred() {
        if (deferred.isEmpty()) {
            return;
        }
        List<Job> again = new ArrayList<>(deferred);
        deferred.clear();
        again.sort(Comparator.comparingInt(Job::priority).thenComparingInt(k -> k.trace.index()));
        for (Job k : again) {
            if (k.where == Where.DEFERRED) {
                k.where = Where.NEW;
                decide(k);
            }
        }
    }

    private boolean cloudAvailableFor(Job j) {
        return !cloudMarkedDown && !j.cloudFailed;
    }

    // ---- local pool

    private void enqueueLocal(Job j) {
        j.where = Where.LOCAL_QUEUE;
        j.enqueuedAt = now;
        j.queueSeq = queueSeq++;
        localQueue.add(j);
        startLocal();
    }

    private void startLocal() {
        while (localBusy < platform.localWorkers() && !localQueue.isEmpty()) {
            Job j = localQueue.poll();
            localBusy++;
            j.where = Where.LOCAL_RUN;
            j.startedAt = now;
            schedule(now + j.trace.localExecMs(), Kind.LOCAL_DONE, j, 0);
        }
    }

    // ---- cloud path

    private void placeCloud(Job j) {
        cloudLearner.sent(j.trace.task().costMs(), j.trace.task().inputBytes());
        j.attempt++;
        cloudInFlight++;
        j.where = Where.UPLINK_QUEUE;
        j.queueSeq = queueSeq++;
        uplinkQueue.add(j);
        uplinkQueuedBytes += j.trace.task().inputBytes();
        schedule(now + platform.cloudTimeoutMs(), Kind.TIMEOUT, j, j.attempt);
        pumpLink();
    }

    private void pumpLink() {
        if (sending != null || linkDown || uplinkQueue.isEmpty()) {
            return;
        }
        Job j = uplinkQueue.poll();
        uplinkQueuedBytes -= j.trace.task().inputBytes();
        sending = j;
        j.where = Where.UPLINK_SEND;
        j.sendStart = now;
        schedule(now + platform.transmitMs(j.trace.task().inputBytes()), Kind.SEND_DONE, j, j.attempt);
    }

    private void startCloud() {
        while (cloudBusy < platform.cloudWorkers() && !cloudQueue.isEmpty()) {
            Job j = cloudQueue.poll();
            cloudBusy++;
            j.where = Where.CLOUD_RUN;
            j.cloudStart = now;
            schedule(now + j.trace.cloudExecMs(platform), Kind.CLOUD_DONE, j, j.attempt);
        }
    }

    /** An outage hits a task beyond the outbound queue: its work is lost and it waits for its timeout. */
    private void loseInOutage(Job j) {
        release(j);
        j.where = Where.LOST;
    }

    /** Takes a task off the cloud path for good (timeout, expiry): frees what it held. */
    private void leaveCloud(Job j) {
        release(j);
        cloudInFlight--;
    }

    private void release(Job j) {
        switch (j.where) {
            case UPLINK_QUEUE -> {
                uplinkQueue.remove(j);
                uplinkQueuedBytes -= j.trace.task().inputBytes();
            }
            case UPLINK_SEND -> {
                sending = null;
                linkBusyMs += now - j.sendStart;
                pumpLink();
            }
            case CLOUD_QUEUE -> cloudQueue.remove(j);
            case CLOUD_RUN -> {
                cloudBusy--;
                cloudBusyMs += now - j.cloudStart;
                startCloud();
            }
            default -> {
                // in transit, on the downlink or already lost: nothing held
            }
        }
    }

    // ---- endings

    private void expireIfWaiting(Job j) {
        switch (j.where) {
            case DEFERRED -> {
                deferred.remove(j);
                expire(j, "deadline passed while deferred");
            }
            case LOCAL_QUEUE -> {
                localQueue.remove(j);
                expire(j, "deadline passed in the local queue");
            }
            case UPLINK_QUEUE -> {
                leaveCloud(j);
                expire(j, "deadline passed in the outbound queue");
            }
            case CLOUD_QUEUE -> {
                leaveCloud(j);
                expire(j, "deadline passed in the cloud queue");
            }
            default -> {
                // running or in transfer: it completes late; lost: it expires at its timeout
            }
        }
    }

    private void complete(Job j, String target) {
        end(j, new Outcome(j.trace, Outcome.Status.COMPLETED, "completed on " + target, target, now, false));
    }

    private void expire(Job j, String reason) {
        end(j, new Outcome(j.trace, Outcome.Status.EXPIRED, reason, null, now, false));
    }

    private void fail(Job j, String reason, boolean rejected) {
        end(j, new Outcome(j.trace, Outcome.Status.FAILED, reason, null, now, rejected));
    }

    private void end(Job j, Outcome o) {
        if (j.where == Where.DONE) {
            throw new IllegalStateException("task " + j.trace.task().id() + " ended twice");
        }
        j.where = Where.DONE;
        j.outcome = o;
        lastEnd = Math.max(lastEnd, now);
    }

    // ---- the policy's view

    private double uplinkBacklogKiB() {
        double bytes = uplinkQueuedBytes;
        if (sending != null) {
            double total = platform.transmitMs(sending.trace.task().inputBytes());
            double left = total <= 0 ? 0 : Math.max(0, 1 - (now - sending.sendStart) / total);
            bytes += left * sending.trace.task().inputBytes();
        }
        return bytes / 1024;
    }

    /** The snapshot a policy sees for one task: the same during its {@code place} call. */
    private final class View implements ClusterView {
        private final long nowMs;
        private final List<TargetView> targets;

        View(Job j) {
            nowMs = (long) Math.floor(now);
            TargetView local = new TargetView(LOCAL, TargetKind.LOCAL, platform.localWorkers(),
                    (double) (localBusy + localQueue.size()) / platform.localWorkers(), reservedLocal, true,
                    localLearner.local(localBusy, localQueue.size(), platform.localWorkers()));
            // the cloud's capacity and load against what the uplink carries, as the scheduler core reports them
            int cloudSlots = cloudLearner.uplinkSlots(platform.cloudWorkers());
            TargetView cloud = new TargetView(CLOUD, TargetKind.CLOUD, cloudSlots,
                    (double) cloudInFlight / cloudSlots, reservedCloud, cloudAvailableFor(j),
                    cloudLearner.remote(uplinkBacklogKiB()));
            targets = List.of(local, cloud);
        }

        @Override
        public long nowMs() {
            return nowMs;
        }

        @Override
        public List<TargetView> targets() {
            return targets;
        }

        @Override
        public @Nullable TargetView target(String id) {
            for (TargetView t : targets) {
                if (t.id().equals(id)) {
                    return t;
                }
            }
            return null;
        }
    }
}
