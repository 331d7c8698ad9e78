// SPDX-License-Identifier: Apache-2.0
package io.weir.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaskEngineTest {

    private final AtomicReference<@Nullable SchedulingPolicy> policy = new AtomicReference<>(to("local"));
    private TaskEngine engine = engine(2, 100_000, 500);

    private TaskEngine engine(int workers, int maxQueued, long remoteTimeoutMs) {
        return new TaskEngine(new TaskEngine.Settings(workers, maxQueued, remoteTimeoutMs, 0.2, 5), policy::get,
                Executors.newFixedThreadPool(workers), System::currentTimeMillis, System::nanoTime, "test-dispatch");
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** A policy that always places on one target (pure logic stand-in; the real policies are their own bundles). */
    private static SchedulingPolicy to(String target) {
        return new SchedulingPolicy() {
            @Override
            public String name() {
                return "always-" + target;
            }

            @Override
            public Placement place(Task task, ClusterView view) {
                return Placement.to(target, "fixed");
            }
        };
    }

    private static Task task(String id, boolean offloadable) {
        return new Task(id, "test", 1, 100, Task.PRIORITY_DEFAULT, System.currentTimeMillis() + 60_000, offloadable);
    }

    private static Work work(AtomicInteger runs, @Nullable OffloadRequest offload) {
        return new Work() {
            @Override
            public Object runLocally() {
                runs.incrementAndGet();
                return "local";
            }

            @Override
            public @Nullable OffloadRequest offload() {
                return offload;
            }
        };
    }

    private static TaskOutcome await(CompletionStage<TaskOutcome> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A remote target whose answers the test decides. */
    private static final class FakeRemote implements RemoteTarget {
        volatile boolean available = true;
        volatile String mode = "ok";
        volatile Runnable onExecute = () -> {
        };
        volatile LatencyEstimates link = new LatencyEstimates(0, 1, 3, 0.5, 2);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String id() {
            return "cloud";
        }

        @Override
        public TargetKind kind() {
            return TargetKind.CLOUD;
        }

        @Override
        public int capacity() {
            return 4;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public LatencyEstimates linkEstimates() {
            return link;
        }

        @Override
        public CompletionStage<byte[]> execute(Task task, OffloadRequest request, long timeoutMs) {
            calls.incrementAndGet();
            onExecute.run();
            return switch (mode) {
                case "ok" -> CompletableFuture.completedFuture(new byte[] { 42 });
                case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("cloud said no"));
                case "throw" -> throw new IllegalStateException("execute threw");
                default -> new CompletableFuture<>(); // never answers
            };
        }
    }

    @Test
    void everyTaskEndsExactlyOnceAcrossPolicySwaps() throws Exception {
        FakeRemote cloud = new FakeRemote();
        engine.addRemote(cloud);
        AtomicInteger localRuns = new AtomicInteger();
        OffloadRequest req = new OffloadRequest("svc", new byte[] { 1 });
        List<CompletionStage<TaskOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            if (i % 300 == 0) {
                policy.set(i % 600 == 0 ? to("local") : to("cloud"));
                engine.policyChanged();
            }
            all.add(engine.submit(task("t" + i, true), work(localRuns, req)));
        }
        Set<String> ids = new HashSet<>();
        int local = 0;
        int remote = 0;
        for (CompletionStage<TaskOutcome> s : all) {
            TaskOutcome o = await(s);
            assertThat(o.status()).as("%s", o).isEqualTo(Status.COMPLETED);
            assertThat(ids.add(o.taskId())).as("ended twice: %s", o.taskId()).isTrue();
            if ("local".equals(o.targetId())) {
                local++;
            } else {
                remote++;
            }
        }
        assertThat(ids).hasSize(3000);
        assertThat(localRuns.get()).as("each local task ran once").isEqualTo(local);
        assertThat(cloud.calls.get()).isEqualTo(remote);
        assertThat(local).isPositive();
        assertThat(remote).isPositive();
        assertThat(engine.pendingCount()).isZero();
        SchedulerMetrics m = engine.metrics().get(0);
        assertThat(m.scope()).isEqualTo("target:local");
        assertThat(m.completed()).isEqualTo(local);
    }

    @Test
    void badTasksGetAReasonAndTheSchedulerKeepsServing() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Task past = new Task("past", "test", 1, 0, 5, System.currentTimeMillis() - 1, false);
        TaskOutcome o = await(engine.submit(past, work(runs, null)));
        assertThat(o.status()).isEqualTo(Status.EXPIRED);
        assertThat(o.reason()).contains("deadline").contains("passed at submission");

        o = await(engine.submit(task("no-offload", true), work(runs, null)));
        assertThat(o.status()).isEqualTo(Status.REJECTED);
        assertThat(o.reason()).isEqualTo("task no-offload is offloadable but its work has no offload request");

        Work failing = () -> {
            throw new IllegalArgumentException("bad input");
        };
        o = await(engine.submit(task("boom", false), failing));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.reason()).contains("bad input");

        // a policy that throws: the task runs locally, with the reason
        policy.set(new SchedulingPolicy() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Placement place(Task task, ClusterView view) {
                throw new IllegalStateException("policy bug");
            }
        });
        o = await(engine.submit(task("ok", false), work(runs, null)));
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.reason()).contains("policy broken failed").contains("policy bug");
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void aRemoteFailureTimeoutOrOutageFallsBackToLocal() throws Exception {
        engine.close();
        engine = engine(2, 100, 200);
        FakeRemote cloud = new FakeRemote();
        engine.addRemote(cloud);
        policy.set(to("cloud"));
        engine.policyChanged();
        AtomicInteger runs = new AtomicInteger();
        OffloadRequest req = new OffloadRequest("svc", new byte[] { 1 });

        TaskOutcome o = await(engine.submit(task("ok", true), work(runs, req)));
        assertThat(o.targetId()).isEqualTo("cloud");
        assertThat((byte[]) o.result()).containsExactly(42);

        cloud.mode = "fail";
        o = await(engine.submit(task("failed", true), work(runs, req)));
        assertThat(o.status()).isEqualTo(Status.COMPLETED);
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.attempts()).isEqualTo(2);
        assertThat(o.reason()).contains("cloud failed (cloud said no), local fallback");

        cloud.mode = "hang";
        o = await(engine.submit(task("hung", true), work(runs, req)));
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.reason()).contains("cloud failed (no answer in time), local fallback");

        cloud.mode = "throw";
        o = await(engine.submit(task("threw", true), work(runs, req)));
        assertThat(o.targetId()).isEqualTo("local");

        cloud.mode = "ok";
        cloud.available = false;
        assertThat(engine.view().target("cloud").available()).isFalse();
        o = await(engine.submit(task("outage", true), work(runs, req)));
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(o.reason()).contains("chose cloud, which is unavailable; local fallback");

        // a task that is not offloadable never goes to the cloud, whatever the policy says
        cloud.available = true;
        o = await(engine.submit(task("pinned", false), work(runs, null)));
        assertThat(o.targetId()).isEqualTo("local");
        assertThat(runs.get()).isEqualTo(5);
    }

    @Test
    void aFailedTargetsPenaltyFadesSoItIsTriedAgain() throws Exception {
        engine.close();
        AtomicLong clock = new AtomicLong(1_000_000_000L); // the engine's nanosecond clock, moved by the test only
        engine = new TaskEngine(new TaskEngine.Settings(2, 100, 500, 0.2, 5, 30_000), policy::get,
                Executors.newFixedThreadPool(2), System::currentTimeMillis, clock::get, "test-dispatch");
        AtomicLong clock2 = new AtomicLong(1_000_000_000L);
        TaskEngine noFade = new TaskEngine(new TaskEngine.Settings(2, 100, 500, 0.2, 5), policy::get,
                Executors.newFixedThreadPool(2), System::currentTimeMillis, clock2::get, "test-dispatch-2");
        try {
            FakeRemote cloud = new FakeRemote();
            FakeRemote cloud2 = new FakeRemote();
            engine.addRemote(cloud);
            noFade.addRemote(cloud2);
            policy.set(to("cloud"));
            engine.policyChanged();
            noFade.policyChanged();
            AtomicInteger runs = new AtomicInteger();
            OffloadRequest req = new OffloadRequest("svc", new byte[] { 1 });
            // cost 100 ms, 1 KiB of input
            java.util.function.Function<String, Task> heavy = id -> new Task(id, "test", 100, 1024,
                    Task.PRIORITY_DEFAULT, System.currentTimeMillis() + 60_000, true);
            assertThat(engine.view().target("cloud").estimates().computeFactor()).isEqualTo(1.0); // the prior

            // a failure after 400 ms on a task of cost 100: a compute-factor sample of 4 against the target
            cloud.mode = "fail";
            cloud.onExecute = () -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
            cloud2.mode = "fail";
            cloud2.onExecute = () -> clock2.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
            assertThat(await(engine.submit(heavy.apply("f1"), work(runs, req))).targetId()).isEqualTo("local");
            assertThat(await(noFade.submit(heavy.apply("f2"), work(runs, req))).targetId()).isEqualTo("local");
            assertThat(engine.view().target("cloud").estimates().computeFactor()).isEqualTo(4.0);
            assertThat(noFade.view().target("cloud").estimates().computeFactor()).isEqualTo(4.0);

            // no new result for one half-life: half the penalty is gone (1 + 3 / 2); after ten, almost all of it
            clock.addAndGet(TimeUnit.SECONDS.toNanos(30));
            assertThat(engine.view().target("cloud").estimates().computeFactor()).isCloseTo(2.5, within(1e-9));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(270));
            clock2.addAndGet(TimeUnit.SECONDS.toNanos(300));
            assertThat(engine.view().target("cloud").estimates().computeFactor())
                    .isCloseTo(1 + 3 / 1024.0, within(1e-9));
            // with the half-life 0 the penalty stays until results replace it
            assertThat(noFade.view().target("cloud").estimates().computeFactor()).isEqualTo(4.0);

            // the target answers again: a result of factor 2 (200 ms, link terms 3 + 2 + 1 KiB x 0.5 ms = 5.5 ms
            // subtracted) moves the faded average by alpha 0.2 towards it
            cloud.mode = "ok";
            cloud.onExecute = () -> clock.addAndGet(TimeUnit.MICROSECONDS.toNanos(205_500));
            TaskOutcome o = await(engine.submit(heavy.apply("ok"), work(runs, req)));
            assertThat(o.targetId()).isEqualTo("cloud");
            double faded = 1 + 3 / 1024.0 * Math.pow(0.5, 0.2055 / 30); // faded for the 205.5 ms of the call too
            assertThat(engine.view().target("cloud").estimates().computeFactor())
                    .isCloseTo(faded + 0.2 * (2.0 - faded), within(1e-9));
            assertThat(runs.get()).isEqualTo(2); // the two fallbacks
        } finally {
            noFade.close();
        }
    }

    @Test
    void aSlowUplinkMakesTheRemoteTargetSmallInTheView() throws Exception {
        engine.close();
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        engine = new TaskEngine(new TaskEngine.Settings(2, 100, 60_000, 0.2, 5, 30_000), policy::get,
                Executors.newFixedThreadPool(2), System::currentTimeMillis, clock::get, "test-dispatch");
        FakeRemote cloud = new FakeRemote(); // 4 workers
        cloud.link = new LatencyEstimates(0, 1, 3, 2.0, 2); // 2 ms per KiB: 64 KiB take 128 ms on the uplink
        cloud.mode = "hang";
        engine.addRemote(cloud);
        policy.set(to("cloud"));
        engine.policyChanged();
        OffloadRequest req = new OffloadRequest("svc", new byte[] { 1 });
        AtomicInteger runs = new AtomicInteger();
        java.util.function.Function<String, Task> big = id -> new Task(id, "test", 10, 64 * 1024,
                Task.PRIORITY_DEFAULT, System.currentTimeMillis() + 60_000, true);
        assertThat(engine.view().target("cloud").capacity()).as("nothing sent yet").isEqualTo(4);

        engine.submit(big.apply("a"), work(runs, req));
        engine.submit(big.apply("b"), work(runs, req));
        awaitCalls(cloud, 2);
        // before any result, a task is in flight 3 + 128 + 10 x 1.0 (cost x the prior compute factor) + 2 = 143 ms,
        // of which 128 on the uplink: 1 slot
        TargetView v = engine.view().target("cloud");
        assertThat(v.capacity()).isEqualTo(1);
        assertThat(v.load()).isEqualTo(2.0);
        assertThat(engine.view().target("local").capacity()).isEqualTo(2);

        // a result after 640 ms: compute factor (640 - 133) / 10 = 50.7, so a task is in flight 3 + 128 + 507 + 2 =
        // 640 ms and 640 / 128 = 5 tasks keep the uplink busy, more than the 4 workers
        cloud.mode = "ok";
        cloud.onExecute = () -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(640));
        assertThat(await(engine.submit(big.apply("c"), work(runs, req))).targetId()).isEqualTo("cloud");
        v = engine.view().target("cloud");
        assertThat(v.capacity()).isEqualTo(4);
        assertThat(v.load()).isEqualTo(0.5); // a and b still hang
    }

    private static void awaitCalls(FakeRemote remote, int calls) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (remote.calls.get() < calls) {
            assertThat(System.nanoTime()).as("remote calls").isLessThan(deadline);
            Thread.sleep(5); // the dispatcher thread hands the tasks over
        }
    }

    @Test
    void aRemoteAttemptLeavesTimeForTheLocalFallbackBeforeTheDeadline() throws Exception {
        engine.close();
        engine = engine(2, 100, 5_000); // a remote timeout far beyond the deadline
        FakeRemote cloud = new FakeRemote();
        cloud.mode = "hang";
        engine.addRemote(cloud);
        policy.set(to("cloud"));
        engine.policyChanged();
        AtomicInteger runs = new AtomicInteger();
        Task t = new Task("tight", "test", 1, 100, 5, System.currentTimeMillis() + 400, true);
        TaskOutcome o = await(engine.submit(t, work(runs, new OffloadRequest("svc", new byte[] { 1 }))));
        assertThat(o.status()).as("%s", o).isEqualTo(Status.COMPLETED);
        assertThat(o.targetId()).isEqualTo("local");
        // had the remote attempt used its 5 s timeout, the deadline would have passed (EXPIRED)
        assertThat(o.reason()).contains("cloud failed (no answer in time), local fallback");
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void withoutAPolicyTasksWaitAndRunOnceOneArrives() throws Exception {
        policy.set(null);
        AtomicInteger runs = new AtomicInteger();
        CompletionStage<TaskOutcome> s = engine.submit(task("waits", false), work(runs, null));
        Thread.sleep(100);
        assertThat(s.toCompletableFuture().isDone()).isFalse();
        assertThat(engine.pendingCount()).isEqualTo(1);
        policy.set(to("local"));
        engine.policyChanged();
        assertThat(await(s).status()).isEqualTo(Status.COMPLETED);
    }

    @Test
    void aTaskWhoseDeadlinePassesInTheQueueExpiresWithAReason() throws Exception {
        engine.close();
        engine = engine(1, 100, 200);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Work blocker = () -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return null;
        };
        CompletionStage<TaskOutcome> first = engine.submit(task("blocker", false), blocker);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue(); // the one worker is busy
        Task hurried = new Task("hurried", "test", 1, 0, 5, System.currentTimeMillis() + 100, false);
        TaskOutcome o = await(engine.submit(hurried, work(new AtomicInteger(), null)));
        assertThat(o.status()).isEqualTo(Status.EXPIRED);
        assertThat(o.reason()).contains("the deadline passed while the task waited in the queue of local");
        release.countDown();
        assertThat(await(first).status()).isEqualTo(Status.COMPLETED);
        assertThat(engine.metrics().get(0).expired()).isEqualTo(1);
    }

    @Test
    void aFullQueueRejectsAndClosingFailsWhatIsLeft() throws Exception {
        engine.close();
        policy.set(null);
        engine = engine(1, 3, 200);
        AtomicInteger runs = new AtomicInteger();
        List<CompletionStage<TaskOutcome>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(engine.submit(task("w" + i, false), work(runs, null)));
        }
        TaskOutcome full = await(engine.submit(task("w3", false), work(runs, null)));
        assertThat(full.status()).isEqualTo(Status.REJECTED);
        assertThat(full.reason()).contains("queue is full (3 tasks)");
        engine.close();
        for (CompletionStage<TaskOutcome> s : waiting) {
            TaskOutcome o = await(s);
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.reason()).contains("the scheduler stopped");
        }
        assertThat(runs.get()).isZero();
    }

    @Test
    void theViewCarriesLoadAndLearnedEstimates() throws Exception {
        FakeRemote cloud = new FakeRemote();
        engine.addRemote(cloud);
        AtomicInteger runs = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean ok = new AtomicBoolean(true);
        policy.set(new SchedulingPolicy() {
            @Override
            public String name() {
                return "observer";
            }

            @Override
            public Placement place(Task task, ClusterView view) {
                for (TargetView t : view.targets()) {
                    seen.add(t.id() + "/" + t.kind() + "/" + (int) t.capacity());
                    ok.compareAndSet(true, t.load() >= 0);
                }
                return Placement.to("local", "observed");
            }
        });
        for (int i = 0; i < 20; i++) {
            await(engine.submit(new Task("e" + i, "test", 2, 0, 5, System.currentTimeMillis() + 60_000, false),
                    () -> {
                        Thread.sleep(2);
                        return null;
                    }));
        }
        assertThat(seen).contains("local/LOCAL/2", "cloud/CLOUD/4");
        assertThat(ok.get()).isTrue();
        TargetView local = engine.view().target("local");
        // about 2 ms of run time per task of cost 2: compute factor near 1 (sleep granularity makes it a bit more)
        assertThat(local.estimates().computeFactor()).isBetween(0.9, 5.0);
        TargetView remote = engine.view().target("cloud");
        assertThat(remote.estimates().uplinkMs()).isEqualTo(3.0);
        assertThat(remote.estimates().uplinkMsPerKiB()).isEqualTo(0.5);
        assertThat(runs.get()).isZero();
    }
}
