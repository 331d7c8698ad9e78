// SPDX-License-Identifier: Apache-2.0
package io.weir.benchmarks.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReproducibilityTest {

    private static final SchedulingBenchmark.Config CONFIG = new SchedulingBenchmark.Config(5, 100,
            Set.of("uplink-outage"), 16, 6, 100, 60_000);

    @Test
    void sameSeedSameTraceOtherSeedOtherTrace() {
        Workload w = Scenario.all(100).get(1).workload();
        assertThat(w.generate(100, 9)).isEqualTo(w.generate(100, 9));
        assertThat(w.generate(100, 9)).isNotEqualTo(w.generate(100, 10));
    }

    /** Same seed: the same outcome of every task for every policy and the optimum, and the same printed tables. */
    @Test
    void sameSeedSameResults() {
        String first = run();
        String second = run();
        assertThat(tables(second)).isEqualTo(tables(first));
        assertThat(first.lines().reduce((a, b) -> b).orElseThrow()).startsWith("scheduling: ");

        for (Scenario s : Scenario.all(CONFIG.tasks())) {
            if (CONFIG.scenarios().contains(s.name())) {
                SchedulingBenchmark.ScenarioResult a = SchedulingBenchmark.runScenario(s, CONFIG, Policies.all());
                SchedulingBenchmark.ScenarioResult b = SchedulingBenchmark.runScenario(s, CONFIG, Policies.all());
                assertThat(b.policies()).isEqualTo(a.policies());
                assertThat(b.optimum().run()).isEqualTo(a.optimum().run());
            }
        }
    }

    private static String run() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SchedulingBenchmark.run(CONFIG, Policies.all(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The output without the lines that carry wall times. */
    private static List<String> tables(String out) {
        return out.lines().filter(l -> !l.contains("solver") && !l.startsWith("wall time")).toList();
    }
}
