// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.pipeline.stages.buffer.Series;

import org.junit.jupiter.api.Test;

class BufferCommandsTest {

    @Test
    void plotsTheNewestSamplesBetweenTheirMinimumAndMaximum() {
        Series s = new Series("anomaly_score", new long[] { 1000, 2000, 3000, 4000, 5000 },
                new double[] { 0.5, 0.0, 1.0, Double.NaN, 0.25 });
        String out = BufferCommands.render(s, 4);
        assertThat(out).startsWith("anomaly_score: 4 samples from 1970-01-01T00:00:02Z to 1970-01-01T00:00:05Z");
        // 0.0 → lowest block, 1.0 → highest, NaN → blank, 0.25 → 0.25 * 7 = 1.75 → block 2
        assertThat(out).contains("  ▁█ ▃\n").contains("max 1.000").contains("min 0.000")
                .contains("newest: 0.000 1.000 NaN 0.2500");
    }

    @Test
    void aFlatOrEmptySeriesStillRenders() {
        assertThat(BufferCommands.render(new Series("x", new long[0], new double[0]), 10)).isEqualTo(
                "x: no samples yet\n");
        assertThat(BufferCommands.render(new Series("x", new long[] { 1, 2 }, new double[] { 3, 3 }), 10))
                .contains("  ▁▁\n");
    }
}
