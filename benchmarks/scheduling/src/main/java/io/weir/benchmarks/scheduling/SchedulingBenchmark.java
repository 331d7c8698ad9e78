// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.weir.scheduler.SchedulingPolicy;

/**
 * Runs every policy on every scenario's trace, solves the trace's offline optimum, and prints a table per scenario
 * and a one-line summary (the last line).
 */
final class SchedulingBenchmark {

    /** A policy counts as closest to the optimum only if it completed at least this share of the best count. */
    static final double CLOSEST_MIN_COMPLETED = 0.95;

    /**
     * @param seed the trace seed
     * @param tasks tasks per scenario
     * @param scenarios names of the scenarios to run; empty: all
     * @param batch the optimum's tasks per window
     * @param near the optimum's columns per task and target around its earliest and greedy start
     * @param iterations the optimum's limit on branch-and-bound iterations per window
     * @param safetyMs the optimum's safety time limit per window
     */
    record Config(long seed, int tasks, Set<String> scenarios, int batch, int near, int iterations, long safetyMs) {

        /** The defaults: seed 42, 1000 tasks, every scenario, windows of 16 tasks, 6 columns, 100 iterations, 10 s. */
        static Config defaults() {
            return new Config(42, 1000, Set.of(), 16, 6, 100, 10_000);
        }
    }

    /**
     * What one scenario gave.
     *
     * @param scenario the scenario
     * @param policies each policy's run
     * @param optimum the optimum of the whole trace
     * @param subsetOptima per policy that did not complete every task, the optimum of the tasks it completed
     */
    record ScenarioResult(Scenario scenario, List<RunResult> policies, OfflineOptimum.Result optimum,
            Map<String, OfflineOptimum.Result> subsetOptima) {

        /** @return the run's mean completion over the optimum's, on the tasks the run completed */
        double ratio(RunResult run) {
            OfflineOptimum.Result ref = subsetOptima.getOrDefault(run.name(), optimum);
            return run.pairedRatio(ref.run());
        }

        RunResult closest() {
            long most = policies.stream().mapToLong(r -> r.count(Outcome.Status.COMPLETED)).max().orElse(0);
            RunResult best = null;
            for (RunResult r : policies) {
                if (r.count(Outcome.Status.COMPLETED) >= CLOSEST_MIN_COMPLETED * most
                        && (best == null || ratio(r) < ratio(best))) {
                    best = r;
                }
            }
            return best;
        }
    }

    private SchedulingBenchmark() {
    }

    /** @return the seed of a scenario's trace: the run's seed mixed with the scenario's name */
    static long traceSeed(long seed, String scenario) {
        return seed * 0x9E3779B97F4A7C15L ^ scenario.hashCode();
    }

    /**
     * Runs the benchmark.
     *
     * @param config what to run
     * @param policies fresh instances of the policies under test, one call per run
     * @param out where the tables and the summary go
     * @return the scenarios' results
     */
    static List<ScenarioResult> run(Config config, List<Supplier<SchedulingPolicy>> policies, PrintStream out) {
        long t0 = System.nanoTime();
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario s : Scenario.all(config.tasks())) {
            if (!config.scenarios().isEmpty() && !config.scenarios().contains(s.name())) {
                continue;
            }
            ScenarioResult r = runScenario(s, config, policies);
            print(r, config, out);
            results.add(r);
        }
        out.println();
        out.printf(Locale.ROOT, "wall time %.1f s%n", (System.nanoTime() - t0) / 1e9);
        out.println(summary(results, config));
        return results;
    }

    static ScenarioResult runScenario(Scenario s, Config config, List<Supplier<SchedulingPolicy>> policies) {
        List<TraceTask> trace = s.workload().generate(config.tasks(), traceSeed(config.seed(), s.name()));
        List<RunResult> runs = new ArrayList<>();
        for (Supplier<SchedulingPolicy> p : policies) {
            runs.add(new Simulation(trace, p.get(), s.platform(),
                    Simulation.Options.defaults(s.workload().meanCostMs())).run());
        }
        OfflineOptimum.Settings settings = new OfflineOptimum.Settings(s.slotMs(), config.batch(), config.near(),
                config.iterations(), config.safetyMs());
        OfflineOptimum.Result opt = new OfflineOptimum(trace, s.platform(), settings).solve();
        // a policy that dropped tasks (expired, rejected, failed) is compared with the optimum of the tasks it
        // completed: dropping tasks relieves the queues, so the whole trace's optimum is no reference for it
        Map<String, OfflineOptimum.Result> subsets = new LinkedHashMap<>();
        Map<List<TraceTask>, OfflineOptimum.Result> solved = new HashMap<>();
        for (RunResult run : runs) {
            if (run.droppedAny()) {
                List<TraceTask> done = run.completedTasks();
                subsets.put(run.name(), solved.computeIfAbsent(done,
                        d -> new OfflineOptimum(d, s.platform(), settings).solve()));
            }
        }
        return new ScenarioResult(s, runs, opt, subsets);
    }

    private static void print(ScenarioResult r, Config config, PrintStream out) {
        Scenario s = r.scenario();
        out.println();
        out.printf(Locale.ROOT, "== %s: %s%n", s.name(), s.purpose());
        out.printf(Locale.ROOT, "   %s%n", s.describe());
        out.printf(Locale.ROOT, "   %d tasks, %s; seed %d (trace seed %d)%n", config.tasks(), s.workload().describe(),
                config.seed(), traceSeed(config.seed(), s.name()));
        out.printf(Locale.ROOT, "%-22s %8s %8s %8s %6s %7s %7s %6s %8s %6s %6s %6s %5s %5s %5s %6s%n", "policy",
                "mean ms", "p50 ms", "p99 ms", "miss%", "U local", "U cloud", "U link", "MiB up", "local", "cloud",
                "done", "exp", "rej", "fail", "ratio");
        for (RunResult run : r.policies()) {
            row(out, run, r.ratio(run), r.subsetOptima().containsKey(run.name()));
        }
        row(out, r.optimum().run(), 1.0, false);
        out.printf(Locale.ROOT, "%-22s %8.1f   (no queueing, outages respected: a lower bound on any schedule's mean)%n",
                "no-wait bound", r.optimum().noWaitBoundMs());
        OfflineOptimum.Result o = r.optimum();
        out.printf(Locale.ROOT, "   optimum: %s; plan estimate %.1f ms (slot %.0f ms)%n", windows(o, config),
                o.planMeanMs(), s.slotMs());
        for (RunResult run : r.policies()) {
            Map<String, Long> reasons = run.reasons();
            StringBuilder b = new StringBuilder();
            reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .forEach(e -> b.append(b.isEmpty() ? "" : "; ").append(e.getValue()).append(' ')
                            .append(e.getKey()));
            if (!b.isEmpty() || run.cloudTimeouts() > 0 || run.policyFailures() > 0) {
                out.printf(Locale.ROOT, "   %s: %d cloud timeouts, %d policy failures%s%s%n", run.name(),
                        run.cloudTimeouts(), run.policyFailures(), b.isEmpty() ? "" : "; ", b);
            }
        }
        for (Map.Entry<String, OfflineOptimum.Result> e : r.subsetOptima().entrySet()) {
            OfflineOptimum.Result so = e.getValue();
            out.printf(Locale.ROOT, "   * %s: ratio against the optimum of the %d tasks it completed (mean %.1f ms; "
                    + "%s)%n", e.getKey(), so.run().outcomes().size(), so.run().meanMs(), windows(so, config));
        }
        out.printf(Locale.ROOT, "   ratio: the policy's mean completion / the optimum's on the same tasks; closest: %s%n",
                r.closest() == null ? "-" : r.closest().name());
    }

    private static String windows(OfflineOptimum.Result o, Config config) {
        return String.format(Locale.ROOT, "%d windows of %d tasks (up to %d binaries): %d optimal, %d best found at "
                + "%d iterations, %d greedy%s; solver %.1f s", o.windows(), config.batch(), o.maxColumns(), o.optimal(),
                o.bestFound(), config.iterations(), o.greedy(),
                o.timedOut() > 0 ? ", " + o.timedOut() + " stopped by the " + config.safetyMs() + " ms safety limit" : "",
                o.solveMs() / 1000);
    }

    private static void row(PrintStream out, RunResult run, double ratio, boolean subset) {
        out.printf(Locale.ROOT, "%-22s %8.1f %8.1f %8.1f %6.1f %7.2f %7.3f %6.2f %8.1f %6d %6d %6d %5d %5d %5d %6.2f%s%n",
                run.name(), run.meanMs(), run.percentileMs(0.5), run.percentileMs(0.99), 100 * run.deadlineMissRate(),
                run.localUtilisation(), run.cloudUtilisation(), run.linkUtilisation(),
                run.bytesOffloaded() / 1048576.0, run.completedOn(Simulation.LOCAL), run.completedOn(Simulation.CLOUD),
                run.count(Outcome.Status.COMPLETED), run.count(Outcome.Status.EXPIRED), run.rejected(),
                run.count(Outcome.Status.FAILED) - run.rejected(), ratio, subset ? "*" : "");
    }

    static String summary(List<ScenarioResult> results, Config config) {
        Map<String, Integer> wins = new LinkedHashMap<>();
        StringBuilder ratios = new StringBuilder();
        for (ScenarioResult r : results) {
            RunResult c = r.closest();
            if (c != null) {
                wins.merge(c.name(), 1, Integer::sum);
            }
            ratios.append(ratios.isEmpty() ? "" : ", ").append(r.scenario().name()).append(' ')
                    .append(c == null ? "-" : String.format(Locale.ROOT, "%.2f %s", r.ratio(c), c.name()));
        }
        String top = wins.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-");
        StringBuilder per = new StringBuilder();
        if (!results.isEmpty()) {
            for (int p = 0; p < results.get(0).policies().size(); p++) {
                per.append(per.isEmpty() ? "" : "; ").append(results.get(0).policies().get(p).name()).append(' ');
                for (int k = 0; k < results.size(); k++) {
                    RunResult run = results.get(k).policies().get(p);
                    per.append(k == 0 ? "" : "/")
                            .append(String.format(Locale.ROOT, "%.2f", results.get(k).ratio(run)));
                }
            }
        }
        return String.format(Locale.ROOT, "scheduling: %s closest to optimum in %d/%d scenarios; mean-completion ratio "
                + "vs optimum (closest policy): %s; all policies (%s): %s; seed %d, %d tasks/scenario", top,
                wins.getOrDefault(top, 0), results.size(), ratios,
                String.join("/", results.stream().map(r -> r.scenario().name()).toList()), per, config.seed(),
                config.tasks());
    }
}
