// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DriftReferenceTest {

    @Test
    void decileEdgesAndFractions() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 99 - i;
        }
        Map<String, String> m = new TreeMap<>();

        DriftReference.put("f", values, m);

        assertThat(m).containsExactly(
                Map.entry("reference.f.edges", "10.0,20.0,30.0,40.0,50.0,60.0,70.0,80.0,90.0"),
                Map.entry("reference.f.fractions", "0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1,0.1"));
    }

    @Test
    void aHeavyValueMergesEdges() {
        double[] values = new double[10];
        for (int i = 0; i < 10; i++) {
            values[i] = i < 5 ? 0.0 : i;
        }
        Map<String, String> m = new TreeMap<>();

        DriftReference.put("score", values, m);

        // deciles 0, 0, 0, 0, 5, 6, 7, 8, 9: the equal ones merge, so the edges stay strictly ascending
        assertThat(m.get("reference.score.edges")).isEqualTo("0.0,5.0,6.0,7.0,8.0,9.0");
        assertThat(m.get("reference.score.fractions")).isEqualTo("0.0,0.5,0.1,0.1,0.1,0.1,0.1");
    }

    @Test
    void aConstantHasOneEdge() {
        Map<String, String> m = new TreeMap<>();

        DriftReference.put("c", new double[] {5, 5, 5}, m);

        assertThat(m).containsEntry("reference.c.edges", "5.0").containsEntry("reference.c.fractions", "0.0,1.0");
    }
}
