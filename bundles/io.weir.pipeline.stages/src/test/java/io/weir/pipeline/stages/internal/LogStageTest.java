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

class LogStageTest {

    private final Collector out = new Collector();
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void logsEveryNthRecordAndEmitsNothingByDefault() {
        LogStage s = new LogStage("p/log", 3, false, null, nanos::get, () -> true, lines::add);
        for (int i = 1; i <= 9; i++) {
            s.process(rec(i, "a", (double) i), out);
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("p/log #3 ").contains("asset@3").contains("DOUBLE:3.0");
        assertThat(lines.get(2)).startsWith("p/log #9 ");
        assertThat(out.records).isEmpty();
    }

    @Test
    void theRateLimitHoldsLinesBackAndSaysHowMany() {
        LogStage s = new LogStage("p/log", 1, true, new TokenBucket(1.0, 1), nanos::get, () -> true, lines::add);
        for (int i = 1; i <= 3; i++) {
            s.process(rec(i, "a", 1.0), out);
        }
        nanos.addAndGet(1_000_000_000L);
        s.process(rec(4, "a", 1.0), out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("p/log #1 ").doesNotContain("held back");
        assertThat(lines.get(1)).startsWith("p/log #4 ").endsWith("(2 lines held back by maxPerSecond)");
        assertThat(out.records).extracting(Record::timestamp).containsExactly(1L, 2L, 3L, 4L); // pass-through
    }

    @Test
    void aDisabledLevelFormatsNothing() {
        LogStage s = new LogStage("p/log", 1, false, null, nanos::get, () -> false, line -> {
            throw new AssertionError("must not log");
        });
        s.process(rec(1, "a", 1.0), out);
        assertThat(out.records).isEmpty();
    }

    @Test
    void factoryBuildsAWorkingSinkAndValidates() throws Exception {
        Stage s = new LogStageFactory().create(TestContext.of(Map.of("passThrough", true, "level", "DEBUG")));
        Record in = rec(1, "a", 1.0);
        s.process(in, out);
        assertThat(out.records).containsExactly(in);
        assertThatThrownBy(() -> new LogStageFactory().create(TestContext.of(Map.of("level", "trace"))))
                .hasMessageContaining("log stage 's1'").hasMessageContaining("'level'");
        assertThatThrownBy(() -> new LogStageFactory().create(TestContext.of(Map.of("everyNth", 0))))
                .hasMessageContaining("'everyNth'");
        assertThatThrownBy(() -> new LogStageFactory().create(TestContext.of(Map.of("maxPerSecond", -1.0))))
                .hasMessageContaining("'maxPerSecond'");
    }
}
