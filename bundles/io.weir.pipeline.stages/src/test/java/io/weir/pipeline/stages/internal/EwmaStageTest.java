// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class EwmaStageTest {

    private final Collector out = new Collector();

    private static Stage ewma(Map<String, Object> config) {
        return new EwmaStageFactory().create(TestContext.of(config));
    }

    private double next(Stage s, long ts, Object value) throws StageException {
        return num(out.one(s, rec(ts, "a", value)), "a");
    }

    @Test
    void smoothsWithAlpha() throws Exception {
        Stage s = ewma(Map.of("channels", "a", "alpha", 0.5));
        assertThat(next(s, 0, 10.0)).isEqualTo(10.0);
        assertThat(next(s, 1, 20.0)).isCloseTo(15.0, within(1e-12));
        assertThat(next(s, 2, 20.0)).isCloseTo(17.5, within(1e-12));
        assertThat(next(s, 3, 0)).isCloseTo(8.75, within(1e-12)); // an INTEGER input
    }

    @Test
    void alphaOnePassesValuesThrough() throws Exception {
        Stage s = ewma(Map.of("channels", "a", "alpha", 1));
        assertThat(next(s, 0, 3.0)).isEqualTo(3.0);
        assertThat(next(s, 1, -7.0)).isEqualTo(-7.0);
    }

    @Test
    void nonFiniteValuesPassAndLeaveTheAverageUntouched() throws Exception {
        Stage s = ewma(Map.of("channels", "a", "alpha", 0.5));
        next(s, 0, 10.0);
        next(s, 1, 20.0);
        Record nan = out.one(s, rec(2, "a", Float.NaN));
        assertThat(num(nan, "a")).isNaN();
        assertThat(nan.value("a").type()).isEqualTo(DataType.DOUBLE);
        assertThat(next(s, 3, Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(next(s, 4, 5.0)).isCloseTo(10.0, within(1e-12)); // 15 + 0.5 * (5 - 15)
    }

    @Test
    void aGapLongerThanMaxGapRestartsButAnOlderTimestampDoesNot() throws Exception {
        Stage s = ewma(Map.of("channels", "a", "alpha", 0.5, "maxGapMs", 1000L));
        assertThat(next(s, 0, 10.0)).isEqualTo(10.0);
        assertThat(next(s, 500, 20.0)).isCloseTo(15.0, within(1e-12));
        assertThat(next(s, 1500, 25.0)).isCloseTo(20.0, within(1e-12)); // gap of exactly 1000: no restart
        assertThat(next(s, 2501, 40.0)).isEqualTo(40.0); // gap 1001: restart
        assertThat(next(s, 100, 0.0)).isCloseTo(20.0, within(1e-12)); // out of order: not a gap
        assertThat(next(s, 3000, 30.0)).isCloseTo(25.0, within(1e-12)); // 499 after the newest (2501): no gap
    }

    @Test
    void channelsAreIndependentAndMissingOnesAreSkipped() throws Exception {
        Stage s = ewma(Map.of("channels", new String[] {"a", "b"}, "alpha", 0.25));
        Record r1 = out.one(s, rec(0, "a", 4.0, "b", 100.0, "s", "x"));
        assertThat(num(r1, "a")).isEqualTo(4.0);
        assertThat(num(r1, "b")).isEqualTo(100.0);
        Record r2 = out.one(s, rec(1, "b", 0.0, "s", "y"));
        assertThat(r2.values()).containsOnlyKeys("b", "s");
        assertThat(num(r2, "b")).isCloseTo(75.0, within(1e-12));
        Record r3 = out.one(s, rec(2, "a", 8.0));
        assertThat(num(r3, "a")).isCloseTo(5.0, within(1e-12));
        Record none = rec(3, "s", "z");
        assertThat(out.one(s, none)).isSameAs(none);
    }

    @Test
    void aWrongTypeFailsWithoutChangingState() throws Exception {
        Stage s = ewma(Map.of("channels", new String[] {"a", "b"}, "alpha", 0.5));
        next(s, 0, 10.0);
        assertThatThrownBy(() -> s.process(rec(1, "a", 20.0, "b", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("ewma stage 's1' of pipeline 'p'").hasMessageContaining("channel 'b'")
                .hasMessageContaining("STRING");
        assertThat(next(s, 2, 20.0)).isCloseTo(15.0, within(1e-12));
    }

    @Test
    void alphaMustBeInZeroToOne() {
        for (Object alpha : new Object[] {0.0, -0.1, 1.5, Double.NaN, "high"}) {
            assertThatThrownBy(() -> ewma(Map.of("channels", "a", "alpha", alpha)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'alpha'");
        }
        assertThatThrownBy(() -> ewma(Map.of("channels", "a", "alpha", 0.0))).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> ewma(Map.of("channels", "a"))).hasMessageContaining("'alpha'")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> ewma(Map.of("alpha", 0.5))).hasMessageContaining("'channels'");
        assertThatThrownBy(() -> ewma(Map.of("channels", "a", "alpha", 0.5, "maxGapMs", -1)))
                .hasMessageContaining("'maxGapMs'");
    }
}
