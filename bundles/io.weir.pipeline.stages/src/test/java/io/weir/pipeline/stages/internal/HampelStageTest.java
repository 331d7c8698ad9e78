// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class HampelStageTest {

    private final Collector out = new Collector();

    private static Stage hampel(Map<String, Object> config) {
        return new HampelStageFactory().create(TestContext.of(config));
    }

    private void feed(Stage s, double... values) throws StageException {
        for (int i = 0; i < values.length; i++) {
            Record in = rec(i, "a", values[i]);
            assertThat(out.one(s, in)).as("warm-up passes values unchanged").isSameAs(in);
        }
    }

    @Test
    void replacesAnOutlierByTheWindowMedian() throws Exception {
        Stage s = hampel(Map.of("channels", "a", "window", 5, "threshold", 3.0));
        feed(s, 1, 2, 3, 4);
        // window 1 2 3 4 100: median 3; |x - 3| = 2 1 0 1 97 -> MAD 1; limit 3 * 1.4826 = 4.4478 < 97
        Record r = out.one(s, rec(4, "a", 100.0, "b", "x"));
        assertThat(r.value("a")).isEqualTo(TypedValue.ofDouble(3.0));
        assertThat(r.value("b")).isEqualTo(TypedValue.ofString("x"));
        // window 2 3 4 100 5 (raw 100 stays): median 4, deviations 2 1 0 96 1 -> MAD 1; |5 - 4| = 1: kept
        Record five = rec(5, "a", 5.0);
        assertThat(out.one(s, five)).isSameAs(five);
    }

    @Test
    void theLimitIsThresholdTimesTheScaledMad() throws Exception {
        // window 1 2 3 4 x with x >= 4: median 3, MAD 1, limit 3 * 1.4826 = 4.4478
        Stage s = hampel(Map.of("channels", "a", "window", 5, "threshold", 3.0));
        feed(s, 1, 2, 3, 4);
        Record inside = rec(4, "a", 7.4); // 4.4 away
        assertThat(out.one(s, inside)).isSameAs(inside);
        Stage t = hampel(Map.of("channels", "a", "window", 5, "threshold", 3.0));
        feed(t, 1, 2, 3, 4);
        assertThat(num(out.one(t, rec(4, "a", 7.5)), "a")).isEqualTo(3.0); // 4.5 away
    }

    @Test
    void evenWindowsUseTheMeanOfTheTwoMiddleValues() throws Exception {
        Stage s = hampel(Map.of("channels", "a", "window", 4, "threshold", 3.0));
        feed(s, 1, 2, 3);
        // window 1 2 3 10: median 2.5; deviations 1.5 0.5 0.5 7.5 -> MAD (0.5 + 1.5) / 2 = 1; 7.5 > 4.4478
        assertThat(num(out.one(s, rec(3, "a", 10.0)), "a")).isEqualTo(2.5);
        // window 2 3 10 4: median 3.5; deviations 1.5 0.5 6.5 0.5 -> MAD 1; |4 - 3.5| = 0.5: kept
        assertThat(num(out.one(s, rec(4, "a", 4.0)), "a")).isEqualTo(4.0);
    }

    @Test
    void aZeroMadMakesAnyValueOffTheMedianAnOutlier() throws Exception {
        Stage s = hampel(Map.of("channels", "a", "window", 3));
        feed(s, 7, 7);
        assertThat(num(out.one(s, rec(2, "a", 8.0)), "a")).isEqualTo(7.0);
        Record same = rec(3, "a", 7.0);
        assertThat(out.one(s, same)).isSameAs(same);
    }

    @Test
    void flagKeepsTheValue() throws Exception {
        Stage s = hampel(Map.of("channels", "a", "window", 5, "action", "flag"));
        for (int i = 0; i < 4; i++) {
            assertThat(out.one(s, rec(i, "a", i + 1.0)).value("a_outlier")).isEqualTo(TypedValue.ofBoolean(false));
        }
        Record r = out.one(s, rec(4, "a", 100.0));
        assertThat(num(r, "a")).isEqualTo(100.0);
        assertThat(r.value("a_outlier")).isEqualTo(TypedValue.ofBoolean(true));
    }

    @Test
    void nanPassesAndGapsAndChannelsAreIndependent() throws Exception {
        Stage s = hampel(Map.of("channels", new String[] {"a", "b"}, "window", 3, "maxGapMs", 1000L));
        out.one(s, rec(0, "a", 1.0, "b", 5.0));
        out.one(s, rec(1, "a", 1.0));
        assertThat(num(out.one(s, rec(2, "a", Double.NaN)), "a")).isNaN();
        assertThat(num(out.one(s, rec(3, "a", 9.0, "b", 5.0)), "a")).isEqualTo(1.0); // window 1 1 9
        Record afterGap = rec(3000, "a", 50.0, "b", 6.0);
        assertThat(out.one(s, afterGap)).isSameAs(afterGap);
    }

    @Test
    void wrongTypeAndInvalidConfiguration() {
        Stage s = hampel(Map.of("channels", "a"));
        assertThatThrownBy(() -> s.process(rec(0, "a", new byte[2]), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("hampel stage 's1'").hasMessageContaining("'a'").hasMessageContaining("BYTES");
        assertThatThrownBy(() -> hampel(Map.of("channels", "a", "action", "drop"))).hasMessageContaining("'action'");
        assertThatThrownBy(() -> hampel(Map.of("channels", "a", "window", 2))).hasMessageContaining("'window'");
        assertThatThrownBy(() -> hampel(Map.of("channels", "a", "threshold", -1.0)))
                .hasMessageContaining("'threshold'");
    }
}
