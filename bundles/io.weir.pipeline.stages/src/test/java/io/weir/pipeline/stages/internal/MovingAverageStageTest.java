// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class MovingAverageStageTest {

    private final Collector out = new Collector();

    private static Stage movingAverage(Map<String, Object> config) {
        return new MovingAverageStageFactory().create(TestContext.of(config));
    }

    private double next(Stage s, long ts, Object value) throws StageException {
        return num(out.one(s, rec(ts, "a", value)), "a");
    }

    @Test
    void averagesTheLastNSamplesAndWarmsUpWithWhatItHas() throws Exception {
        Stage s = movingAverage(Map.of("channels", "a", "window", 3));
        assertThat(next(s, 0, 1.0)).isEqualTo(1.0);
        assertThat(next(s, 1, 2.0)).isEqualTo(1.5);
        assertThat(next(s, 2, 3)).isEqualTo(2.0);
        assertThat(next(s, 3, 4L)).isCloseTo(3.0, within(1e-12));
        assertThat(next(s, 4, 10.0)).isCloseTo(17.0 / 3, within(1e-12));
    }

    @Test
    void nanPassesAndDoesNotEnterTheWindow() throws Exception {
        Stage s = movingAverage(Map.of("channels", "a", "window", 3));
        next(s, 0, 4.0);
        next(s, 1, 10.0);
        assertThat(next(s, 2, Double.NaN)).isNaN();
        assertThat(next(s, 3, 1.0)).isCloseTo(5.0, within(1e-12)); // (4 + 10 + 1) / 3
        assertThat(next(s, 4, 1.0)).isCloseTo(4.0, within(1e-12)); // (10 + 1 + 1) / 3
    }

    @Test
    void windowOfOnePassesValues() throws Exception {
        Stage s = movingAverage(Map.of("channels", "a", "window", 1));
        assertThat(next(s, 0, 5.0)).isEqualTo(5.0);
        assertThat(next(s, 1, -2.0)).isEqualTo(-2.0);
    }

    @Test
    void aGapEmptiesTheWindow() throws Exception {
        Stage s = movingAverage(Map.of("channels", "a", "window", 3, "maxGapMs", 100L));
        next(s, 0, 10.0);
        assertThat(next(s, 100, 20.0)).isEqualTo(15.0);
        assertThat(next(s, 201, 1.0)).isEqualTo(1.0);
        assertThat(next(s, 150, 3.0)).isEqualTo(2.0); // older timestamp: no gap
    }

    @Test
    void roundingDoesNotAccumulateOverLongRuns() throws Exception {
        Stage s = movingAverage(Map.of("channels", "a", "window", 4));
        double last = 0;
        for (int i = 0; i < 100_000; i++) {
            last = next(s, i, (i % 2 == 0 ? 1e9 : 0.0) + 0.1 * (i % 10));
        }
        // the last four inputs: i = 99996..99999 -> 1e9+0.6, 0.7, 1e9+0.8, 0.9
        assertThat(last).isCloseTo((2e9 + 3.0) / 4, within(1e-6));
    }

    @Test
    void wrongTypeAndInvalidConfiguration() {
        Stage s = movingAverage(Map.of("channels", "a", "window", 3));
        assertThatThrownBy(() -> s.process(rec(0, "a", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("moving-average stage 's1'").hasMessageContaining("'a'")
                .hasMessageContaining("STRING");
        assertThatThrownBy(() -> movingAverage(Map.of("channels", "a"))).hasMessageContaining("'window'");
        assertThatThrownBy(() -> movingAverage(Map.of("channels", "a", "window", 0))).hasMessageContaining("'window'");
        assertThatThrownBy(() -> movingAverage(Map.of("channels", "a", "window", 2_000_000)))
                .hasMessageContaining("'window'");
    }
}
