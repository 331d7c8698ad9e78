// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import io.weir.scheduler.LatencyEstimates;

/**
 * Learns one target's {@link LatencyEstimates} from completed tasks with EWMAs, and combines them with the
 * target's present state (its queue, the uplink's backlog) into the estimates a policy sees. This is the estimator
 * the scheduler core can reuse as is:
 *
 * <ul>
 * <li>{@code computeFactor}: EWMA of {@code execMs / costMs} per completed task with a cost above 0;</li>
 * <li>local {@code queueMs}: the work ahead of a new task spread over the workers, {@code max(0, running + queued
 * - workers + 1) * EWMA(execMs) / workers}: the learned mean run time applied to the queue as it is now (an EWMA of
 * past waits would lag a growing or draining queue by about its own drain time);</li>
 * <li>cloud {@code queueMs}: EWMA of the cloud-side wait reported with each result (the gateway cannot see that
 * queue);</li>
 * <li>{@code uplinkMsPerKiB}: EWMA of measured transmission time per KiB; {@code uplinkMs}: EWMA of the fixed part
 * (propagation after the transmission) plus the KiB already waiting in the gateway's outbound queue times the
 * learned ms per KiB, so the outbound queue is in the estimate at once;</li>
 * <li>{@code downlinkMs}: EWMA of the result's transfer time.</li>
 * </ul>
 *
 * Before a term's first sample it reports the configured prior. Not thread-safe (the scheduler thread only).
 */
final class LatencyLearner {

    private final Ewma execMs;
    private final Ewma computeFactor;
    private final Ewma remoteQueueMs;
    private final Ewma uplinkFixedMs;
    private final Ewma uplinkMsPerKiB;
    private final Ewma downlinkMs;
    private final Ewma sentKiB;
    private final Ewma sentCostMs;

    /**
     * @param alpha EWMA weight of a new sample
     * @param prior configured estimates, reported until learned ({@code queueMs} is the prior of the remote queue)
     * @param priorExecMs the mean execution time assumed before the first completion
     */
    LatencyLearner(double alpha, LatencyEstimates prior, double priorExecMs) {
        execMs = new Ewma(alpha, priorExecMs);
        computeFactor = new Ewma(alpha, prior.computeFactor());
        remoteQueueMs = new Ewma(alpha, prior.queueMs());
        uplinkFixedMs = new Ewma(alpha, prior.uplinkMs());
        uplinkMsPerKiB = new Ewma(alpha, prior.uplinkMsPerKiB());
        downlinkMs = new Ewma(alpha, prior.downlinkMs());
        sentKiB = new Ewma(alpha, 0);
        sentCostMs = new Ewma(alpha, 0);
    }

    /** A task was placed on this (remote) target: its size and cost shape {@link #uplinkSlots}. */
    void sent(double costMs, long bytes) {
        sentKiB.add(bytes / 1024.0);
        sentCostMs.add(costMs);
    }

    /**
     * @param workers the remote target's workers
     * @return how many tasks the uplink carries at once without queueing, as the scheduler core computes it
     *     ({@link LatencyEstimates#uplinkSlots}): a typical task's time in flight with nothing ahead of it (fixed
     *     uplink part, transfer, compute, downlink) over its transfer time, from 1 to {@code workers}
     */
    int uplinkSlots(int workers) {
        double inFlightMs = uplinkFixedMs.value() + sentKiB.value() * uplinkMsPerKiB.value()
                + sentCostMs.value() * computeFactor.value() + downlinkMs.value();
        return new LatencyEstimates(0, computeFactor.value(), uplinkFixedMs.value(), uplinkMsPerKiB.value(),
                downlinkMs.value()).uplinkSlots(workers, inFlightMs, sentKiB.value());
    }

    /** A task executed on this (local) target. */
    void executed(double costMs, double execMs) {
        this.execMs.add(execMs);
        if (costMs > 0) {
            computeFactor.add(execMs / costMs);
        }
    }

    /**
     * A remote task's result came back.
     *
     * @param costMs the task's cost estimate
     * @param bytes its input size
     * @param transmitMs time its input took on the uplink (transmission only)
     * @param transitMs time from the end of the transmission to its arrival at the target
     * @param queueMs the remote wait before it ran (reported by the target)
     * @param execMs its execution time there (reported)
     * @param downMs time its result took to come back
     */
    void remoteResult(double costMs, long bytes, double transmitMs, double transitMs, double queueMs, double execMs,
            double downMs) {
        executed(costMs, execMs);
        remoteQueueMs.add(queueMs);
        uplinkFixedMs.add(transitMs);
        if (bytes > 0) {
            uplinkMsPerKiB.add(transmitMs / (bytes / 1024.0));
        }
        downlinkMs.add(downMs);
    }

    /** @return estimates of a local pool with {@code busy} running and {@code queued} waiting tasks */
    LatencyEstimates local(int busy, int queued, int workers) {
        int ahead = Math.max(0, busy + queued - workers + 1);
        return new LatencyEstimates(ahead * execMs.value() / workers, computeFactor.value(), 0, 0, 0);
    }

    /** @return estimates of a remote target with {@code backlogKiB} waiting in the outbound queue */
    LatencyEstimates remote(double backlogKiB) {
        return new LatencyEstimates(remoteQueueMs.value(), computeFactor.value(),
                uplinkFixedMs.value() + backlogKiB * uplinkMsPerKiB.value(), uplinkMsPerKiB.value(),
                downlinkMs.value());
    }
}
