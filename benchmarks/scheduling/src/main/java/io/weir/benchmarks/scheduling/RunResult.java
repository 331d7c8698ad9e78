// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run (a policy, or the optimum's plan, on one trace) measured.
 *
 * @param name the policy
 * @param outcomes one per task of the trace, in trace order
 * @param localBusyMs worker-ms the local pool spent executing
 * @param cloudBusyMs worker-ms the cloud spent executing, including work later lost to an outage or timeout
 * @param linkBusyMs ms the uplink spent transmitting
 * @param makespanMs the instant the last task ended
 * @param bytesOffloaded input bytes transmitted on the uplink (each attempt)
 * @param policyFailures placements that broke the rules or threw, run locally instead
 * @param cloudTimeouts cloud tasks that timed out and were placed again
 * @param platform the targets
 */
record RunResult(String name, List<Outcome> outcomes, double localBusyMs, double cloudBusyMs, double linkBusyMs,
        double makespanMs, long bytesOffloaded, int policyFailures, int cloudTimeouts, Platform platform) {

    RunResult {
        outcomes = List.copyOf(outcomes);
    }

    long count(Outcome.Status s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    long rejected() {
        return outcomes.stream().filter(Outcome::rejected).count();
    }

    /** @return completed tasks' completion times, sorted */
    double[] completionTimes() {
        return outcomes.stream().mapToDouble(Outcome::completionMs).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    double meanMs() {
        return Arrays.stream(completionTimes()).average().orElse(Double.NaN);
    }

    /** @return the nearest-rank percentile {@code q} (0..1) of the completion times */
    double percentileMs(double q) {
        double[] t = completionTimes();
        return t.length == 0 ? Double.NaN : t[Math.max(0, (int) Math.ceil(q * t.length) - 1)];
    }

    /** @return share of the tasks with a deadline that did not complete by it (late, expired, rejected, failed) */
    double deadlineMissRate() {
        long with = outcomes.stream().filter(o -> o.trace().task().hasDeadline()).count();
        return with == 0 ? 0 : (double) outcomes.stream().filter(Outcome::missedDeadline).count() / with;
    }

    /** @return {@code U = T_used / T_total} of the local pool over the run */
    double localUtilisation() {
        return makespanMs <= 0 ? 0 : localBusyMs / (platform.localWorkers() * makespanMs);
    }

    double cloudUtilisation() {
        return makespanMs <= 0 ? 0 : cloudBusyMs / (platform.cloudWorkers() * makespanMs);
    }

    double linkUtilisation() {
        return makespanMs <= 0 ? 0 : linkBusyMs / makespanMs;
    }

    long completedOn(String target) {
        return outcomes.stream().filter(o -> target.equals(o.target())).count();
    }

    /**
     * @param reference a run that completed every task this run completed (the optimum of the trace, or of the
     *        subset this run completed)
     * @return Σ completion times of the tasks this run completed / Σ of the same tasks' completion times in the
     *         reference: the ratio of mean completion times over the tasks this run completed
     */
    double pairedRatio(RunResult reference) {
        Map<Integer, Double> ref = new HashMap<>();
        for (Outcome o : reference.outcomes) {
            ref.put(o.trace().index(), o.completionMs());
        }
        double mine = 0, theirs = 0;
        for (Outcome o : outcomes) {
            double c = o.completionMs();
            if (!Double.isNaN(c)) {
                mine += c;
                theirs += ref.getOrDefault(o.trace().index(), Double.NaN);
            }
        }
        return theirs > 0 ? mine / theirs : Double.NaN;
    }

    /** @return whether some task did not complete */
    boolean droppedAny() {
        return outcomes.stream().anyMatch(o -> o.status() != Outcome.Status.COMPLETED);
    }

    /** @return the tasks this run completed, in trace order */
    List<TraceTask> completedTasks() {
        return outcomes.stream().filter(o -> o.status() == Outcome.Status.COMPLETED).map(Outcome::trace).toList();
    }

    /** @return the reasons of the tasks that did not complete, with counts, most frequent first in the map's order */
    Map<String, Long> reasons() {
        Map<String, Long> m = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.status() != Outcome.Status.COMPLETED) {
                m.merge(o.status() + ": " + o.reason().replaceAll("[0-9.]+ ?ms", "N ms"), 1L, Long::sum);
            }
        }
        return m;
    }
}
