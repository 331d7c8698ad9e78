// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class RateLimitStageTest {

    private final Collector out = new Collector();

    private static Stage limit(Map<String, Object> config) {
        return new RateLimitStageFactory().create(TestContext.of(config));
    }

    private List<Long> passed(Stage s, long... timestamps) throws StageException {
        List<Long> result = new ArrayList<>();
        for (long t : timestamps) {
            Record in = rec(t, "a", 1.0);
            s.process(in, out);
            if (!out.records.isEmpty() && out.records.get(out.records.size() - 1) == in) {
                result.add(t);
            }
        }
        return result;
    }

    @Test
    void twoPerSecondOnRecordTime() throws Exception {
        Stage s = limit(Map.of("maxRecordsPerSecond", 2.0));
        assertThat(passed(s, 0, 100, 499, 500, 600, 3000, 3000, 3499, 3500)).containsExactly(0L, 500L, 3000L, 3500L);
        assertThat(((RateLimitStage) s).dropped()).isEqualTo(5);
    }

    @Test
    void burstAllowsBackToBackRecordsAfterAQuietPeriod() throws Exception {
        Stage s = limit(Map.of("maxRecordsPerSecond", 1, "burst", 3));
        assertThat(passed(s, 0, 0, 0, 0, 999, 1000, 1000)).containsExactly(0L, 0L, 0L, 1000L);
        out.records.clear();
        assertThat(passed(s, 10_000, 10_000, 10_000, 10_000)).containsExactly(10_000L, 10_000L, 10_000L);
    }

    @Test
    void anOlderTimestampRefillsNothing() throws Exception {
        Stage s = limit(Map.of("maxRecordsPerSecond", 1.0));
        assertThat(passed(s, 1000, 0, 1500, 2000)).containsExactly(1000L, 2000L);
    }

    @Test
    void fractionalRates() throws Exception {
        Stage s = limit(Map.of("maxRecordsPerSecond", 0.5)); // one every 2 s
        assertThat(passed(s, 0, 1000, 1999, 2000, 3999, 4000)).containsExactly(0L, 2000L, 4000L);
    }

    @Test
    void wallClockIgnoresRecordTimes() throws Exception {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        RateLimitStage s = new RateLimitStage("w", 10, 1, nanos::get); // one every 100 ms
        assertThat(passed(s, 0, 1_000_000)).containsExactly(0L); // same wall instant
        nanos.addAndGet(99_000_000);
        assertThat(passed(s, 2)).isEmpty();
        nanos.addAndGet(1_000_000);
        assertThat(passed(s, 3)).containsExactly(3L);
    }

    @Test
    void invalidConfiguration() throws Exception {
        assertThatThrownBy(() -> limit(Map.of())).hasMessageContaining("'maxRecordsPerSecond'")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> limit(Map.of("maxRecordsPerSecond", 0.0)))
                .hasMessageContaining("'maxRecordsPerSecond'");
        assertThatThrownBy(() -> limit(Map.of("maxRecordsPerSecond", 1.0, "burst", 0))).hasMessageContaining("'burst'");
        assertThatThrownBy(() -> limit(Map.of("maxRecordsPerSecond", 1.0, "clock", "cpu")))
                .hasMessageContaining("'clock'");
    }
}
