// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.weir.scheduler.ClusterView;
import io.weir.scheduler.LatencyEstimates;
import io.weir.scheduler.OffloadRequest;
import io.weir.scheduler.Placement;
import io.weir.scheduler.RemoteTarget;
import io.weir.scheduler.SchedulerMetrics;
import io.weir.scheduler.SchedulingPolicy;
import io.weir.scheduler.TargetKind;
import io.weir.scheduler.TargetView;
import io.weir.scheduler.Task;
import io.weir.scheduler.TaskOutcome;
import io.weir.scheduler.TaskOutcome.Status;
import io.weir.scheduler.Work;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's engine, plain Java. Submitted tasks wait in one pending queue (priority, then deadline, then
 * arrival); the dispatcher thread asks the active policy to place them, one at a time, on a snapshot of the targets;
 * a placed task waits in its target's queue until a slot is free (the local pool has one slot per worker, a remote
 * target its capacity). The pending queue belongs to the engine, not to the policy, so tasks survive a policy swap,
 * and wait (DEFER) while no policy is active.
 *
 * <p>Every task ends exactly once: COMPLETED; FAILED (local exception, or the engine stops) with the reason; EXPIRED
 * when its deadline passes before it starts; REJECTED (invalid, queue full, refused by the policy). A remote failure
 * or timeout before the deadline falls back to the local pool (attempts + 1). A policy that throws is logged and the
 * task goes to the local pool.
 *
 * <p>Threads: {@code submit} and the views are called from any thread; placement, starts and bookkeeping run on the
 * dispatcher thread under one lock; local work runs on the pool's threads, remote answers on any thread; outcomes
 * complete outside the lock.
 */
final class TaskEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TaskEngine.class);
    static final String LOCAL = "local";

    /** Settings of the engine. */
    record Settings(int localWorkers, int maxQueued, long remoteTimeoutMs, double alpha, long idleWaitMs,
            long recoveryHalfLifeMs) {

        /** Settings whose failure penalties never fade. */
        Settings(int localWorkers, int maxQueued, long remoteTimeoutMs, double alpha, long idleWaitMs) {
            this(localWorkers, maxQueued, remoteTimeoutMs, alpha, idleWaitMs, 0);
        }
    }

    private static final class Job {
        final Task task;
        final Work work;
        final CompletableFuture<TaskOutcome> future = new CompletableFuture<>();
        final long submittedNanos;
        final long seq;
        long enqueuedNanos;
        long startedNanos;
        int attempts;
        String trail = "";
        @Nullable String policy;

        Job(Task task, Work work, long submittedNanos, long seq) {
            this.task = task;
            this.work = work;
            this.submittedNanos = submittedNanos;
            this.seq = seq;
        }
    }

    private static final Comparator<Job> ORDER = Comparator.<Job>comparingInt(j -> j.task.priority())
            .thenComparingLong(j -> j.task.deadlineMs()).thenComparingLong(j -> j.seq);

    private final class Target {
        final String id;
        final TargetKind kind;
        final @Nullable RemoteTarget remote;
        final PriorityQueue<Job> queue = new PriorityQueue<>(ORDER);
        final Ewma runMs;
        final Ewma computeFactor;
        final Ewma inputKiB; // remote targets: the input size of the tasks sent there
        final Ewma costMs; // remote targets: the cost of the tasks sent there
        final Stats stats;
        final long since;
        int running;

        Target(String id, TargetKind kind, @Nullable RemoteTarget remote) {
            this.id = id;
            this.kind = kind;
            this.remote = remote;
            // only remote targets are penalised for failed attempts, and the penalty fades while none come
            long halfLife = remote == null ? 0 : TimeUnit.MILLISECONDS.toNanos(settings.recoveryHalfLifeMs());
            this.runMs = new Ewma(settings.alpha(), 0, halfLife);
            this.computeFactor = new Ewma(settings.alpha(), 1.0, halfLife);
            this.inputKiB = new Ewma(settings.alpha(), 0);
            this.costMs = new Ewma(settings.alpha(), 0);
            this.stats = new Stats("target:" + id);
            this.since = nanos.getAsLong();
        }

        int capacity() {
            return remote == null ? settings.localWorkers() : Math.max(1, remote.capacity());
        }

        boolean available() {
            if (remote == null) {
                return true;
            }
            try {
                return remote.available();
            } catch (RuntimeException e) {
                return false;
            }
        }

        TargetView view() {
            int cap = capacity();
            long now = nanos.getAsLong();
            @Nullable LatencyEstimates link = null;
            if (remote != null) {
                try {
                    link = remote.linkEstimates();
                } catch (RuntimeException ex) {
                    link = new LatencyEstimates(0, 1, 0, 0, 0);
                }
                // the tasks the uplink carries at once without queueing; a load-balancing policy must see a slow
                // link as a small target, not as the remote side's idle workers
                cap = link.uplinkSlots(cap, inFlightMs(link), inputKiB.value());
            }
            int load = running + queue.size();
            // expected wait: the work ahead of a new task spread over the slots
            double queueMs = load < cap ? 0 : (load - cap + 1) * runMs.value(now) / cap;
            LatencyEstimates e = link == null ? new LatencyEstimates(queueMs, computeFactor.value(now), 0, 0, 0)
                    : new LatencyEstimates(queueMs, computeFactor.value(now), link.uplinkMs(), link.uplinkMsPerKiB(),
                            link.downlinkMs());
            // load: the share of the capacity in use by running and queued tasks (API: above 1.0 = overloaded)
            return new TargetView(id, kind, cap, (double) load / cap, 0, available(), e);
        }

        /**
         * A typical remote task's time in flight when nothing waits ahead of it: uplink, transfer, compute (what
         * results alone have taught, no penalties) and downlink. Not the measured round trip, which includes the
         * wait behind other transfers: more tasks in flight would then allow still more.
         */
        private double inFlightMs(LatencyEstimates link) {
            return link.uplinkMs() + inputKiB.value() * link.uplinkMsPerKiB()
                    + costMs.value() * computeFactor.baseline() + link.downlinkMs();
        }
    }

    private final Settings settings;
    private final Activity activity = new Activity(); // guarded by lock
    private final Supplier<@Nullable SchedulingPolicy> policy;
    private final ExecutorService localPool;
    private final LongSupplier wallMs;
    private final LongSupplier nanos;
    private final Object lock = new Object();
    private final PriorityQueue<Job> pending = new PriorityQueue<>(ORDER);
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Map<String, Stats> policyStats = new LinkedHashMap<>();
    private final Thread dispatcher;
    private final List<Runnable> outbox = new ArrayList<>();
    private long seq;
    private boolean wake;
    private volatile boolean running = true;

    TaskEngine(Settings settings, Supplier<@Nullable SchedulingPolicy> policy, ExecutorService localPool,
            LongSupplier wallMs, LongSupplier nanos, String threadName) {
        if (settings.localWorkers() < 1 || settings.maxQueued() < 1 || settings.remoteTimeoutMs() < 1
                || settings.idleWaitMs() < 1) {
            throw new IllegalArgumentException("invalid scheduler settings " + settings);
        }
        this.settings = settings;
        this.policy = policy;
        this.localPool = localPool;
        this.wallMs = wallMs;
        this.nanos = nanos;
        targets.put(LOCAL, new Target(LOCAL, TargetKind.LOCAL, null));
        dispatcher = new Thread(this::dispatchLoop, threadName);
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    // ------------------------------------------------------------------ callers

    CompletionStage<TaskOutcome> submit(Task task, Work work) {
        Job job;
        synchronized (lock) {
            job = new Job(task, work, nanos.getAsLong(), seq++);
            String refusal = refusal(task, work);
            if (refusal != null) {
                end(job, Status.REJECTED, null, null, refusal);
            } else if (task.deadlineMs() <= wallMs.getAsLong()) {
                end(job, Status.EXPIRED, null, null, "the deadline " + task.deadlineMs() + " has passed at submission");
            } else {
                pending.add(job);
                signal();
            }
        }
        flush();
        return job.future;
    }

    private @Nullable String refusal(Task task, Work work) {
        if (!running) {
            return "the scheduler is stopping";
        }
        if (pending.size() >= settings.maxQueued()) {
            return "the scheduler's queue is full (" + settings.maxQueued() + " tasks)";
        }
        if (task.offloadable()) {
            OffloadRequest r;
            try {
                r = work.offload();
            } catch (RuntimeException e) {
                return "task " + task.id() + ": its offload request failed: " + e;
            }
            if (r == null) {
                return "task " + task.id() + " is offloadable but its work has no offload request";
            }
        }
        return null;
    }

    void addRemote(RemoteTarget remote) {
        synchronized (lock) {
            if (targets.containsKey(remote.id())) {
                LOG.warn("a second remote target with id {} is ignored", remote.id());
                return;
            }
            targets.put(remote.id(), new Target(remote.id(), remote.kind(), remote));
            signal();
        }
    }

    void removeRemote(RemoteTarget remote) {
        synchronized (lock) {
            Target t = targets.get(remote.id());
            if (t == null || t.remote != remote) {
                return;
            }
            targets.remove(remote.id());
            // tasks waiting there go back to be placed again; tasks in flight end with their stages
            for (Job j : t.queue) {
                j.trail += "; target " + t.id + " went away";
                pending.add(j);
            }
            t.queue.clear();
            signal();
        }
    }

    /** Wakes the dispatcher: a policy arrived or changed. */
    void policyChanged() {
        synchronized (lock) {
            signal();
        }
    }

    ClusterView view() {
        synchronized (lock) {
            return snapshot();
        }
    }

    /** @return the lines of the per-second activity plot (see {@link Activity#lines}) */
    List<String> activity() {
        synchronized (lock) {
            return activity.lines(wallMs.getAsLong());
        }
    }

    List<SchedulerMetrics> metrics() {
        synchronized (lock) {
            List<SchedulerMetrics> out = new ArrayList<>();
            long now = nanos.getAsLong();
            for (Target t : targets.values()) {
                out.add(t.stats.snapshot((double) (now - t.since) * t.capacity()));
            }
            for (Stats s : policyStats.values()) {
                out.add(s.snapshot(0));
            }
            return out;
        }
    }

    int pendingCount() {
        synchronized (lock) {
            int n = pending.size();
            for (Target t : targets.values()) {
                n += t.queue.size() + t.running;
            }
            return n;
        }
    }

    /** Stops: every task not yet ended ends FAILED "the scheduler stopped"; local work in flight is interrupted. */
    void close() {
        running = false;
        synchronized (lock) {
            signal();
        }
        try {
            dispatcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            for (Job j : pending) {
                end(j, Status.FAILED, null, null, "the scheduler stopped before the task was placed");
            }
            pending.clear();
            for (Target t : targets.values()) {
                for (Job j : t.queue) {
                    end(j, Status.FAILED, null, null, "the scheduler stopped before the task started on " + t.id);
                }
                t.queue.clear();
            }
        }
        flush();
        localPool.shutdownNow();
        try {
            localPool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ dispatcher

    private void signal() {
        wake = true;
        lock.notifyAll();
    }

    private void dispatchLoop() {
        while (running) {
            synchronized (lock) {
                wake = false;
                expire();
                place();
                startReady();
                if (!wake) {
                    try {
                        lock.wait(settings.idleWaitMs());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            flush();
        }
    }

    private void expire() {
        long now = wallMs.getAsLong();
        expire(pending.iterator(), now, null);
        for (Target t : targets.values()) {
            expire(t.queue.iterator(), now, t);
        }
    }

    private void expire(Iterator<Job> it, long now, @Nullable Target t) {
        while (it.hasNext()) {
            Job j = it.next();
            if (j.task.deadlineMs() <= now) {
                it.remove();
                if (t != null) {
                    t.stats.expired();
                }
                end(j, Status.EXPIRED, null, null, "the deadline passed while the task waited"
                        + (t == null ? " to be placed" : " in the queue of " + t.id) + j.trail);
            }
        }
    }

    private void place() {
        SchedulingPolicy p = policy.get();
        if (p == null || pending.isEmpty()) {
            return;
        }
        List<Job> batch = new ArrayList<>(pending);
        batch.sort(ORDER);
        for (Job j : batch) {
            Placement pl;
            String name = safeName(p);
            try {
                pl = p.place(j.task, snapshot());
            } catch (RuntimeException e) {
                LOG.warn("policy {} threw placing task {}; it runs locally", name, j.task.id(), e);
                pl = Placement.to(LOCAL, "policy " + name + " failed (" + e + "), local fallback");
            }
            if (pl == null) {
                pl = Placement.to(LOCAL, "policy " + name + " returned no placement, local fallback");
            }
            j.policy = name;
            switch (pl.decision()) {
                case REJECT -> {
                    pending.remove(j);
                    policyStats(name).failed();
                    end(j, Status.REJECTED, null, null, "policy " + name + " rejected it: " + pl.reason());
                }
                case DEFER -> {
                    // stays pending; placed again at the next event
                }
                case PLACE -> {
                    Target t = targets.get(pl.targetId());
                    String why = pl.reason();
                    if (t == null || !t.available() || (t.remote != null && !j.task.offloadable())) {
                        why = "policy " + name + " chose " + pl.targetId() + ", which "
                                + (t == null ? "does not exist" : !t.available() ? "is unavailable"
                                        : "cannot take a task that is not offloadable") + "; local fallback";
                        t = targets.get(LOCAL);
                    }
                    pending.remove(j);
                    j.trail += (j.trail.isEmpty() ? "" : "; ") + t.id + ": " + why;
                    enqueue(j, t);
                }
            }
        }
    }

    private static String safeName(SchedulingPolicy p) {
        try {
            return p.name();
        } catch (RuntimeException e) {
            return p.getClass().getName();
        }
    }

    private Stats policyStats(String name) {
        return policyStats.computeIfAbsent(name, n -> new Stats("policy:" + n));
    }

    private void enqueue(Job j, Target t) {
        j.enqueuedNanos = nanos.getAsLong();
        t.queue.add(j);
    }

    private void startReady() {
        for (Target t : new ArrayList<>(targets.values())) {
            while (t.running < t.capacity() && !t.queue.isEmpty()) {
                Job j = t.queue.poll();
                t.running++;
                j.attempts++;
                j.startedNanos = nanos.getAsLong();
                if (t.remote == null) {
                    startLocal(j, t);
                } else {
                    startRemote(j, t);
                }
            }
        }
    }

    private void startLocal(Job j, Target t) {
        try {
            localPool.execute(() -> {
                Object result = null;
                Exception failure = null;
                long t0 = nanos.getAsLong();
                try {
                    result = j.work.runLocally();
                } catch (Exception e) {
                    failure = e;
                }
                finished(j, t, nanos.getAsLong() - t0, result, failure);
            });
        } catch (RuntimeException e) {
            t.running--;
            t.stats.failed();
            end(j, Status.FAILED, t.id, null, "the local pool refused the task: " + e);
        }
    }

    private void startRemote(Job j, Target t) {
        RemoteTarget remote = t.remote;
        OffloadRequest request = j.work.offload();
        t.inputKiB.add(j.task.inputBytes() / 1024.0);
        t.costMs.add(j.task.costMs());
        long t0 = nanos.getAsLong();
        long timeout = remoteTimeout(j, t);
        CompletableFuture<byte[]> f;
        try {
            f = remote.execute(j.task, request, timeout).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(timeout, TimeUnit.MILLISECONDS).whenComplete((bytes, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            finished(j, t, nanos.getAsLong() - t0, bytes,
                    cause == null ? null : cause instanceof Exception ex ? ex : new Exception(cause));
        });
    }

    /**
     * How long a remote attempt may take: the configured timeout, but never so long that a local run after a failure
     * could no longer meet the deadline (the local run's expected time, at least 20 ms, is kept in reserve).
     */
    private long remoteTimeout(Job j, Target remote) {
        if (j.task.deadlineMs() == Task.NO_DEADLINE) {
            return settings.remoteTimeoutMs();
        }
        long remaining = j.task.deadlineMs() - wallMs.getAsLong();
        Target local = targets.get(LOCAL);
        TargetView lv = local.view();
        double localMs = lv.estimates().queueMs() + j.task.costMs() * lv.estimates().computeFactor();
        long reserve = Math.max(20, (long) Math.ceil(localMs * 2));
        return Math.max(1, Math.min(settings.remoteTimeoutMs(), remaining - reserve));
    }

    private void finished(Job j, Target t, long runNanos, @Nullable Object result, @Nullable Exception failure) {
        synchronized (lock) {
            t.running--;
            t.stats.busyNanos += runNanos;
            double runMs = runNanos / 1e6;
            String policyName = j.policy == null ? "(none)" : j.policy;
            long now = nanos.getAsLong();
            if (failure == null) {
                t.runMs.add(runMs, now);
                if (j.task.costMs() > 0) {
                    double link = 0;
                    if (t.remote != null) {
                        TargetView v = t.view();
                        link = v.estimates().uplinkMs() + v.estimates().downlinkMs()
                                + j.task.inputBytes() / 1024.0 * v.estimates().uplinkMsPerKiB();
                    }
                    t.computeFactor.add(Math.max(0, runMs - link) / j.task.costMs(), now);
                }
                double totalMs = (nanos.getAsLong() - j.submittedNanos) / 1e6;
                boolean late = wallMs.getAsLong() > j.task.deadlineMs();
                t.stats.completed(totalMs, late);
                policyStats(policyName).completed(totalMs, late);
                end(j, Status.COMPLETED, t.id, result, j.trail);
            } else if (t.remote != null && running) {
                // the time a failed remote attempt cost counts against the target, so a policy that compares
                // expected completion times stops choosing a target that does not answer; the penalty fades
                // while no new result comes, so the target is tried again later
                t.runMs.penalize(runMs, now);
                if (j.task.costMs() > 0) {
                    t.computeFactor.penalize(runMs / j.task.costMs(), now);
                }
                if (wallMs.getAsLong() < j.task.deadlineMs()) {
                    // a remote failure or timeout: run it locally instead
                    LOG.debug("task {} failed on {} ({}); running it locally", j.task.id(), t.id,
                            failure.toString());
                    j.trail += "; " + t.id + " failed (" + describe(failure) + "), local fallback";
                    enqueue(j, targets.get(LOCAL));
                } else {
                    // too late for a local run: the deadline passed during the remote attempt
                    t.stats.expired();
                    policyStats(policyName).expired();
                    end(j, Status.EXPIRED, t.id, null, "the deadline passed during the attempt on " + t.id + " ("
                            + describe(failure) + ")" + (j.trail.isEmpty() ? "" : "; " + j.trail));
                }
            } else {
                t.stats.failed();
                policyStats(policyName).failed();
                end(j, Status.FAILED, t.id, null, describe(failure) + (j.trail.isEmpty() ? "" : " (" + j.trail + ")"));
            }
            signal();
        }
        flush();
    }

    private static String describe(Exception e) {
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private ClusterView snapshot() {
        long now = wallMs.getAsLong();
        List<TargetView> views = new ArrayList<>();
        for (Target t : targets.values()) {
            views.add(t.view());
        }
        List<TargetView> frozen = List.copyOf(views);
        return new ClusterView() {
            @Override
            public long nowMs() {
                return now;
            }

            @Override
            public List<TargetView> targets() {
                return frozen;
            }

            @Override
            public @Nullable TargetView target(String id) {
                for (TargetView v : frozen) {
                    if (v.id().equals(id)) {
                        return v;
                    }
                }
                return null;
            }
        };
    }

    /** Under the lock: records the outcome; the future completes in {@link #flush()}, outside the lock. */
    private void end(Job j, Status status, @Nullable String targetId, @Nullable Object result, String reason) {
        long now = nanos.getAsLong();
        activity.count(status == Status.COMPLETED && targetId != null ? targetId : Activity.NOT_COMPLETED,
                wallMs.getAsLong());
        double waitMs = ((j.startedNanos == 0 ? now : j.startedNanos) - j.submittedNanos) / 1e6;
        double totalMs = (now - j.submittedNanos) / 1e6;
        TaskOutcome o = new TaskOutcome(j.task.id(), status, targetId, result,
                reason.startsWith("; ") ? reason.substring(2) : reason, j.attempts, waitMs, totalMs);
        outbox.add(() -> j.future.complete(o));
    }

    private void flush() {
        List<Runnable> todo;
        synchronized (lock) {
            if (outbox.isEmpty()) {
                return;
            }
            todo = new ArrayList<>(outbox);
            outbox.clear();
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("a task outcome callback threw", e);
            }
        }
    }
}
