// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import io.weir.scheduler.Task;

/**
 * One task of a trace: what the scheduler is told ({@link #task()}) and what only the simulation (and the offline
 * optimum, which knows the whole trace) knows.
 *
 * @param index position in the trace, 0-based, in arrival order
 * @param arrivalMs when it is submitted, virtual ms
 * @param task the task as submitted; its {@code costMs} is the estimate the scheduler sees
 * @param actualCostMs what it really costs: ms on one reference core ({@code costMs} times a noise factor)
 * @param uplinkJitter factor on the platform's uplink latency for this task's transfer
 * @param downlinkJitter factor on the platform's downlink latency for this task's result
 */
record TraceTask(int index, double arrivalMs, Task task, double actualCostMs, double uplinkJitter,
        double downlinkJitter) {

    /** @return the deadline as a virtual instant, or positive infinity */
    double deadline() {
        return task.hasDeadline() ? task.deadlineMs() : Double.POSITIVE_INFINITY;
    }

    /** @return execution time on the local pool, ms */
    double localExecMs() {
        return actualCostMs;
    }

    /** @return execution time in the cloud, ms */
    double cloudExecMs(Platform p) {
        return actualCostMs * p.cloudFactor();
    }

    double uplinkLatencyMs(Platform p) {
        return p.uplinkLatencyMs() * uplinkJitter;
    }

    double downlinkMs(Platform p) {
        return p.downlinkMs() * downlinkJitter;
    }
}
