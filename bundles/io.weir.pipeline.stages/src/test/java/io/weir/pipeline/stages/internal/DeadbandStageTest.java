// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class DeadbandStageTest {

    private final Collector out = new Collector();

    private static Stage deadband(Map<String, Object> config) {
        return new DeadbandStageFactory().create(TestContext.of(config));
    }

    /** Feeds values of channel a at ts 0, 1, 2 ... and returns the values emitted (NaN for a NaN). */
    private List<Double> emitted(Stage s, double... values) throws StageException {
        List<Double> result = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            for (Record r : out.run(s, rec(i, "a", values[i]))) {
                result.add(num(r, "a"));
            }
        }
        return result;
    }

    @Test
    void absoluteBandComparesWithTheLastEmittedValue() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 0.5));
        // 10 first; 10.3 and 10.5 within 0.5 of 10; 10.6 beyond; 10.2 within 0.4 of 10.6; 10.0 beyond (0.6)
        assertThat(emitted(s, 10, 10.3, 10.5, 10.6, 10.2, 10.0)).containsExactly(10.0, 10.6, 10.0);
    }

    @Test
    void aSlowDriftIsReportedOnceItAddsUpToMoreThanTheBand() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 0.5));
        assertThat(emitted(s, 10, 10.2, 10.4, 10.6, 10.8)).containsExactly(10.0, 10.6);
    }

    @Test
    void zeroBandReportsEveryChange() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 0));
        assertThat(emitted(s, 1, 1, 2, 2, 1)).containsExactly(1.0, 2.0, 1.0);
    }

    @Test
    void percentOfTheLastEmittedValue() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "mode", "percent", "band", 10.0));
        // band around 200 is 20: 215 stays, 221 goes; band around 221 is 22.1: 200 (21 away) stays, 198 goes
        assertThat(emitted(s, 200, 215, 221, 200, 198)).containsExactly(200.0, 221.0, 198.0);
        // around 0 the percent band is 0: any change is reported
        Stage zero = deadband(Map.of("channels", "a", "mode", "percent", "band", 10.0));
        assertThat(emitted(zero, 0, 0, 0.001)).containsExactly(0.0, 0.001);
    }

    @Test
    void percentOfASpan() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "mode", "percent", "band", 1.0, "span", 1000.0));
        assertThat(emitted(s, 100, 109, 110, 111, 101, 100.5)).containsExactly(100.0, 111.0, 100.5);
    }

    @Test
    void nanTransitionsAreChanges() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 1.0));
        List<Double> values = emitted(s, 1, Double.NaN, Double.NaN, 1, 1.5);
        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo(1.0);
        assertThat(values.get(1)).isNaN();
        assertThat(values.get(2)).isEqualTo(1.0);
        Stage inf = deadband(Map.of("channels", "a", "band", 1.0));
        assertThat(emitted(inf, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 5))
                .containsExactly(Double.POSITIVE_INFINITY, 5.0);
    }

    @Test
    void suppressedChannelsAreRemovedAndTheRecordDroppedWhenNoWatchedChannelChanged() throws Exception {
        Stage s = deadband(Map.of("channels", new String[] {"a", "b"}, "band", 0.5));
        assertThat(out.one(s, rec(0, "a", 10.0, "b", 1.0, "status", "ok")).values()).containsOnlyKeys("a", "b",
                "status");
        Record partial = out.one(s, rec(1, "a", 10.1, "b", 5.0, "status", "ok"));
        assertThat(partial).isEqualTo(rec(1, "b", 5.0, "status", "ok"));
        // neither watched channel moved: dropped, although the record carries an unwatched channel
        assertThat(out.run(s, rec(2, "a", 10.2, "b", 5.2, "status", "changed"))).isEmpty();
        // only b present and unchanged: dropped
        assertThat(out.run(s, rec(3, "b", 5.0))).isEmpty();
    }

    @Test
    void recordsWithoutWatchedChannelsPassUntouchedAndIntegersKeepTheirType() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 1.0));
        Record other = rec(0, "x", 1.0);
        assertThat(out.one(s, other)).isSameAs(other);
        Record ints = rec(1, "a", 7);
        assertThat(out.one(s, ints)).isSameAs(ints);
        assertThat(out.one(s, rec(2, "a", 9)).value("a")).isEqualTo(TypedValue.ofInteger(9));
    }

    @Test
    void maxIntervalReportsAnUnchangedValueAgainOnRecordTime() throws Exception {
        Stage s = deadband(Map.of("channels", "a", "band", 1.0, "maxIntervalMs", 1000L));
        long[] times = {0, 500, 1000, 1500, 1999, 2000, 500};
        List<Long> emittedAt = new ArrayList<>();
        for (long t : times) {
            for (Record r : out.run(s, rec(t, "a", 10.0))) {
                emittedAt.add(r.timestamp());
            }
        }
        // the out-of-order record at 500 is neither a heartbeat nor a change
        assertThat(emittedAt).containsExactly(0L, 1000L, 2000L);
    }

    @Test
    void aWrongTypeFailsTheRecordAndLeavesNoState() throws Exception {
        Stage s = deadband(Map.of("channels", new String[] {"a", "b"}, "band", 0.5));
        out.one(s, rec(0, "a", 10.0, "b", 1.0));
        assertThatThrownBy(() -> s.process(rec(1, "a", 11.0, "b", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("deadband stage 's1'").hasMessageContaining("'b'")
                .hasMessageContaining("STRING");
        // 10.6 is 0.6 from the last emitted 10 (the failed record's 11 was not taken)
        assertThat(out.one(s, rec(2, "a", 10.6, "b", 1.0))).isEqualTo(rec(2, "a", 10.6));
    }

    @Test
    void invalidConfiguration() {
        assertThatThrownBy(() -> deadband(Map.of("channels", "a"))).hasMessageContaining("'band'")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> deadband(Map.of("channels", "a", "band", -1.0))).hasMessageContaining("'band'");
        assertThatThrownBy(() -> deadband(Map.of("channels", "a", "band", 1.0, "mode", "relative")))
                .hasMessageContaining("'mode'");
        assertThatThrownBy(() -> deadband(Map.of("channels", "a", "band", 1.0, "span", 100.0)))
                .hasMessageContaining("'span'").hasMessageContaining("percent");
        assertThatThrownBy(() -> deadband(Map.of("channels", "a", "band", 1.0, "maxIntervalMs", -5L)))
                .hasMessageContaining("'maxIntervalMs'");
    }
}
