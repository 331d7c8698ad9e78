// SPDX-License-Identifier: Apache-2.0
package io.weir.cloud.app.command.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on its own threads, at most {@code max.concurrent} at once: {@code weir-cloud-app-command-run-N}
 * prepares (working directory, ZIP body), starts and supervises the child; two {@code
 * weir-cloud-app-command-output-N} threads per run read its stdout and stderr.
 *
 * <p>A run ends when the child exits, or at the timeout. Then nothing of it may stay: at the timeout the child,
 * and in both cases every other process of the run ({@link ProcessTree}: descendants seen, processes carrying the
 * run's {@value ProcessTree#MARKER} variable) are sent SIGTERM, then SIGKILL after {@link #KILL_GRACE}. The output
 * readers then get up to {@link #DRAIN_GRACE} to reach the end of the streams. A run therefore always ends within
 * its timeout plus twice the grace plus the drain grace. {@link #close()} kills every running command.
 */
final class CommandRunner implements AutoCloseable {

    /** Wait after SIGTERM before SIGKILL, and after SIGKILL before giving up. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    /** Wait for the output readers after the processes ended. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final long POLL_MILLIS = 200;

    /**
     * One command to run.
     *
     * @param requester the requester's client id, for the log
     * @param argv the absolute executable followed by the arguments
     * @param workingDirectory where to run, or {@code null} for a fresh directory, deleted afterwards
     * @param environment the child's complete environment
     * @param timeoutSeconds the timeout
     * @param body a ZIP archive to unpack into the working directory first, or {@code null}
     */
    record Job(String requester, List<String> argv, @Nullable Path workingDirectory, Map<String, String> environment,
            int timeoutSeconds, byte @Nullable [] body) {
    }

    /**
     * A submitted command.
     *
     * @param started completes once the child has started, or exceptionally with a {@link Refused} if it could not
     *        be prepared or started
     * @param result completes with the outcome, or exceptionally if the runner was closed while it ran
     */
    record Run(CompletableFuture<Void> started, CompletableFuture<RunResult> result) {
    }

    private final Settings settings;
    private final Set<Path> protectedPaths;
    private final Semaphore permits;
    private final ThreadPoolExecutor runs;
    private final ExecutorService readers;

    CommandRunner(Settings settings, Set<Path> protectedPaths) {
        this.settings = settings;
        this.protectedPaths = Set.copyOf(protectedPaths);
        this.permits = new Semaphore(settings.maxConcurrent());
        this.runs = new ThreadPoolExecutor(settings.maxConcurrent(), settings.maxConcurrent(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("weir-cloud-app-command-run-"));
        this.runs.allowCoreThreadTimeOut(true);
        this.readers = Executors.newCachedThreadPool(threads("weir-cloud-app-command-output-"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * @param job the command
     * @return the run
     * @throws Refused 500 "busy" if {@code max.concurrent} commands are running
     */
    Run submit(Job job) throws Refused {
        if (!permits.tryAcquire()) {
            throw Refused.internal("busy: " + settings.maxConcurrent() + " commands are already running");
        }
        Run run = new Run(new CompletableFuture<>(), new CompletableFuture<>());
        try {
            runs.execute(() -> execute(job, run));
        } catch (RuntimeException e) {
            permits.release();
            throw Refused.internal("command service is stopping");
        }
        return run;
    }

    private void execute(Job job, Run run) {
        Path dir = job.workingDirectory();
        boolean fresh = dir == null;
        try {
            if (fresh) {
                dir = WorkDirs.fresh(settings.workRoot());
            }
            if (job.body() != null) {
                int files = ZipBody.extract(job.body(), dir, settings.stagingRoot(), settings.zipLimits(),
                        protectedPaths);
                LOG.debug("Unpacked {} files into {}", files, dir);
            }
            ProcessBuilder pb = new ProcessBuilder(job.argv()).directory(dir.toFile());
            String runId = UUID.randomUUID().toString();
            pb.environment().clear();
            pb.environment().putAll(job.environment());
            pb.environment().put(ProcessTree.MARKER, runId);
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw Refused.internal("cannot start " + job.argv().get(0) + ": " + e.getMessage());
            }
            run.started().complete(null);
            RunResult r = supervise(p, job, runId);
            if (r.timedOut()) {
                LOG.info("CMD-V1 from {}: {} ({} args) timed out after {} s and was killed", job.requester(),
                        job.argv().get(0), job.argv().size() - 1, job.timeoutSeconds());
            } else {
                LOG.info("CMD-V1 from {}: {} ({} args) exited with {} after {} ms", job.requester(),
                        job.argv().get(0), job.argv().size() - 1, r.exitCode(), r.millis());
            }
            run.result().complete(r);
        } catch (Refused e) {
            // the handler waits for "started" and logs the refusal
            LOG.debug("CMD-V1 from {}: {} not run: {}", job.requester(), job.argv().get(0), e.getMessage());
            run.started().completeExceptionally(e);
            run.result().completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("CMD-V1 from {}: {} killed, the command service stopped", job.requester(), job.argv().get(0));
            Refused stopped = Refused.internal("the command service stopped; the command was killed");
            run.started().completeExceptionally(stopped);
            run.result().completeExceptionally(stopped);
        } catch (RuntimeException e) {
            LOG.error("CMD-V1 from {}: {} failed", job.requester(), job.argv().get(0), e);
            Refused failed = Refused.internal("command failed: " + e);
            run.started().completeExceptionally(failed);
            run.result().completeExceptionally(failed);
        } finally {
            if (fresh && dir != null) {
                WorkDirs.deleteTree(dir);
            }
            permits.release();
        }
    }

    private RunResult supervise(Process p, Job job, String runId) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(job.timeoutSeconds());
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // the child's stdin is closed either way
        }
        OutputCapture out = new OutputCapture(p.getInputStream(), settings.outputMaxBytes());
        OutputCapture err = new OutputCapture(p.getErrorStream(), settings.outputMaxBytes());
        readers.execute(out);
        readers.execute(err);
        ProcessTree tree = new ProcessTree(p, runId);
        boolean exited = false;
        try {
            while (!exited && System.nanoTime() < deadline) {
                long wait = Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                exited = p.waitFor(wait, TimeUnit.MILLISECONDS);
                if (!exited) {
                    tree.snapshot();
                }
            }
            int alive;
            if (exited) {
                // nothing outlives its run: background processes left behind are ended now
                List<ProcessHandle> left = tree.leftovers();
                if (!left.isEmpty()) {
                    LOG.info("{} left {} processes behind; ending them", job.argv().get(0), left.size());
                }
                alive = ProcessTree.terminate(left, KILL_GRACE);
            } else {
                alive = tree.killAll(KILL_GRACE);
            }
            if (alive > 0) {
                LOG.warn("{} processes of {} survived SIGKILL", alive, job.argv().get(0));
            }
        } catch (InterruptedException e) {
            tree.killAll(KILL_GRACE);
            out.close();
            err.close();
            throw e;
        }
        long drainUntil = System.nanoTime() + DRAIN_GRACE.toNanos();
        if (!out.await(remaining(drainUntil)) | !err.await(remaining(drainUntil))) {
            // an unseen process still holds the pipe: stop waiting for it
            out.close();
            err.close();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        return new RunResult(out.text(), err.text(), exited ? p.exitValue() : null, !exited, millis);
    }

    private static long remaining(long until) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
    }

    /** @return how long a caller may have to wait for a run of this timeout, preparation excluded */
    static Duration worstCase(int timeoutSeconds) {
        return Duration.ofSeconds(timeoutSeconds).plus(KILL_GRACE.multipliedBy(2)).plus(DRAIN_GRACE);
    }

    /** Kills every running command and stops the threads, waiting a bounded time. Idempotent. */
    @Override
    public void close() {
        runs.shutdownNow();
        try {
            if (!runs.awaitTermination(worstCase(0).toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Command threads did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdownNow();
    }
}
