// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code Main [seed] [tasks-per-scenario] [scenario,...] [--batch=N] [--near=N] [--mip-iterations=N] [--mip-ms=N]}:
 * runs the scheduling benchmark (defaults: {@link SchedulingBenchmark.Config#defaults()}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        SchedulingBenchmark.Config d = SchedulingBenchmark.Config.defaults();
        long seed = d.seed();
        int tasks = d.tasks();
        Set<String> scenarios = new LinkedHashSet<>();
        int batch = d.batch();
        int near = d.near();
        int iterations = d.iterations();
        long mipMs = d.safetyMs();
        int positional = 0;
        for (String a : args) {
            if (a.startsWith("--batch=")) {
                batch = Integer.parseInt(a.substring(8));
            } else if (a.startsWith("--near=")) {
                near = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--mip-iterations=")) {
                iterations = Integer.parseInt(a.substring(17));
            } else if (a.startsWith("--mip-ms=")) {
                mipMs = Long.parseLong(a.substring(9));
            } else if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            } else if (positional == 0) {
                seed = Long.parseLong(a);
                positional++;
            } else if (positional == 1) {
                tasks = Integer.parseInt(a);
                positional++;
            } else {
                scenarios.addAll(List.of(a.split(",")));
            }
        }
        Set<String> known = new LinkedHashSet<>();
        Scenario.all(1).forEach(s -> known.add(s.name()));
        if (!known.containsAll(scenarios)) {
            throw new IllegalArgumentException("unknown scenario in " + scenarios + "; known: " + known);
        }
        if (tasks < 1 || batch < 1 || near < 1 || iterations < 1 || mipMs < 1) {
            throw new IllegalArgumentException("tasks, --batch, --near, --mip-iterations and --mip-ms must be >= 1");
        }
        System.out.printf("scheduling benchmark: %d tasks per scenario, seed %d, Java %s, %d cores%n", tasks, seed,
                Runtime.version(), Runtime.getRuntime().availableProcessors());
        SchedulingBenchmark.run(new SchedulingBenchmark.Config(seed, tasks, scenarios, batch, near, iterations, mipMs),
                Policies.all(), System.out);
    }
}
