// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class WindowStageTest {

    private final Collector out = new Collector();

    private static Stage window(Map<String, Object> config) {
        return new WindowStageFactory().create(TestContext.of(config));
    }

    /** Feeds (timestamp, value of a) pairs and returns everything emitted. */
    private List<Record> feed(Stage s, double... tsAndValues) throws StageException {
        List<Record> result = new ArrayList<>();
        for (int i = 0; i < tsAndValues.length; i += 2) {
            result.addAll(out.run(s, rec((long) tsAndValues[i], "a", tsAndValues[i + 1])));
        }
        return result;
    }

    @Test
    void countTumblingEmitsAllFeaturesWhenAWindowCloses() throws Exception {
        Stage s = window(Map.of("channels", "a", "size", 3));
        assertThat(out.run(s, rec(10, "a", 1.0))).isEmpty();
        assertThat(out.run(s, rec(20, "a", 2))).isEmpty();
        Record r = out.one(s, rec(30, "a", 3.0, "other", "ignored"));
        assertThat(Records.names(r)).containsExactly("a_mean", "a_min", "a_max", "a_std", "a_rms", "a_p2p");
        assertThat(r.timestamp()).isEqualTo(30);
        assertThat(r.source()).isEqualTo("asset");
        assertThat(num(r, "a_mean")).isEqualTo(2.0);
        assertThat(num(r, "a_min")).isEqualTo(1.0);
        assertThat(num(r, "a_max")).isEqualTo(3.0);
        assertThat(num(r, "a_std")).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12)); // population: (1+0+1)/3
        assertThat(num(r, "a_rms")).isCloseTo(Math.sqrt(14.0 / 3), within(1e-12)); // (1+4+9)/3
        assertThat(num(r, "a_p2p")).isEqualTo(2.0);
        assertThat(r.value("a_mean")).isEqualTo(TypedValue.ofDouble(2.0));
        List<Record> next = feed(s, 40, 4, 50, 5, 60, 9);
        assertThat(next).hasSize(1);
        assertThat(num(next.get(0), "a_mean")).isEqualTo(6.0);
        assertThat(num(next.get(0), "a_p2p")).isEqualTo(5.0);
    }

    @Test
    void countSlidingOverlaps() throws Exception {
        Stage s = window(Map.of("channels", "a", "mode", "sliding", "size", 4, "step", 2, "features", "mean"));
        List<Record> r = feed(s, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8);
        assertThat(r).extracting(x -> num(x, "a_mean")).containsExactly(2.5, 4.5, 6.5);
        assertThat(r).extracting(Record::timestamp).containsExactly(4L, 6L, 8L);
        Stage everyRecord = window(Map.of("channels", "a", "mode", "sliding", "size", 3, "step", 1,
                "features", new String[] {"max"}));
        assertThat(feed(everyRecord, 1, 5, 2, 1, 3, 2, 4, 0, 5, 0)).extracting(x -> num(x, "a_max"))
                .containsExactly(5.0, 2.0, 2.0);
    }

    @Test
    void nanAndMissingValuesAreNoSamples() throws Exception {
        Stage s = window(Map.of("channels", new String[] {"a", "b"}, "size", 3,
                "features", new String[] {"mean", "std", "count"}));
        out.run(s, rec(1, "a", 1.0));
        out.run(s, rec(2, "a", Double.NaN));
        Record r = out.one(s, rec(3, "a", 3.0, "b", Double.POSITIVE_INFINITY));
        assertThat(num(r, "a_mean")).isEqualTo(2.0);
        assertThat(num(r, "a_std")).isEqualTo(1.0);
        assertThat(num(r, "a_count")).isEqualTo(2.0);
        assertThat(num(r, "b_mean")).isNaN();
        assertThat(num(r, "b_std")).isNaN();
        assertThat(num(r, "b_count")).isEqualTo(0.0);
    }

    @Test
    void recordsWithoutWatchedChannelsAreConsumedWithoutCounting() throws Exception {
        Stage s = window(Map.of("channels", "a", "size", 2, "features", "mean"));
        assertThat(out.run(s, rec(1, "a", 1.0))).isEmpty();
        assertThat(out.run(s, rec(2, "x", 100.0))).isEmpty();
        assertThat(num(out.one(s, rec(3, "a", 3.0)), "a_mean")).isEqualTo(2.0);
    }

    @Test
    void stdIsExactForLargeOffsets() throws Exception {
        Stage s = window(Map.of("channels", "a", "size", 2, "features", "std"));
        out.run(s, rec(1, "a", 1e9 + 1));
        assertThat(num(out.one(s, rec(2, "a", 1e9 + 3)), "a_std")).isEqualTo(1.0);
    }

    @Test
    void timeTumblingClosesOnRecordTimeAndSkipsEmptyWindows() throws Exception {
        Stage s = window(Map.of("channels", "a", "basis", "time", "sizeMs", 1000L, "features", "mean"));
        assertThat(feed(s, 100, 1, 500, 3, 999, 5)).isEmpty();
        List<Record> first = feed(s, 1000, 7);
        assertThat(first).hasSize(1);
        assertThat(first.get(0).timestamp()).isEqualTo(1000); // the window's end
        assertThat(num(first.get(0), "a_mean")).isEqualTo(3.0);
        // [1000, 2000) holds 7 and 9; [2000, 3000) is empty and emits nothing
        List<Record> second = feed(s, 1500, 9, 3200, 11);
        assertThat(second).hasSize(1);
        assertThat(second.get(0).timestamp()).isEqualTo(2000);
        assertThat(num(second.get(0), "a_mean")).isEqualTo(8.0);
        // out of order but inside the open window [3000, 4000): taken
        assertThat(feed(s, 3100, 13)).isEmpty();
        List<Record> third = feed(s, 4000, 0);
        assertThat(third).hasSize(1);
        assertThat(num(third.get(0), "a_mean")).isEqualTo(12.0);
    }

    @Test
    void timeWindowsDropOrDeadLetterLateRecords() throws Exception {
        Stage s = window(Map.of("channels", "a", "basis", "time", "sizeMs", 1000L, "features", "count"));
        feed(s, 1500, 1, 2100, 2);
        assertThat(feed(s, 1999, 3)).isEmpty(); // [1000, 2000) was emitted already: late, dropped
        assertThat(((TimeWindowStage) s).lateCount()).isEqualTo(1);
        List<Record> r = feed(s, 3000, 4);
        assertThat(num(r.get(0), "a_count")).isEqualTo(1.0); // only 2100: the late 1999 was not added
        Stage strict = window(Map.of("channels", "a", "basis", "time", "sizeMs", 1000L, "late", "dead-letter"));
        feed(strict, 1500, 1, 2100, 2);
        assertThatThrownBy(() -> strict.process(rec(999, "a", 3.0), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("window stage 's1'").hasMessageContaining("late")
                .hasMessageContaining("999");
    }

    @Test
    void timeSlidingWindowsAreAlignedToTheEpoch() throws Exception {
        Stage s = window(Map.of("channels", "a", "basis", "time", "mode", "sliding", "sizeMs", 1000L, "stepMs", 500L,
                "features", "mean"));
        List<Record> r = feed(s, 100, 1, 600, 2, 1100, 3, 1600, 4, 2100, 5);
        // [-500, 500): 1 | [0, 1000): 1, 2 | [500, 1500): 2, 3 | [1000, 2000): 3, 4
        assertThat(r).extracting(Record::timestamp).containsExactly(500L, 1000L, 1500L, 2000L);
        assertThat(r).extracting(x -> num(x, "a_mean")).containsExactly(1.0, 1.5, 2.5, 3.5);
    }

    @Test
    void aLongGapDoesNotLoopOverEmptyWindows() throws Exception {
        Stage s = window(Map.of("channels", "a", "basis", "time", "mode", "sliding", "sizeMs", 1000L, "stepMs", 1L,
                "features", "count"));
        feed(s, 0, 1);
        long start = System.nanoTime();
        List<Record> r = feed(s, 5_000_000_000_000L, 2); // 158 years later, in 1 ms steps
        assertThat(r).hasSize(1000); // the windows [-999, 1) ... [0, 1000) that hold the first sample
        assertThat(r.get(r.size() - 1).timestamp()).isEqualTo(1000);
        assertThat(System.nanoTime() - start).as("no iteration over the empty windows").isLessThan(5_000_000_000L);
    }

    @Test
    void theBufferIsBoundedByMaxSamples() throws Exception {
        Stage s = window(Map.of("channels", "a", "basis", "time", "sizeMs", 1000L, "maxSamples", 2,
                "features", new String[] {"mean", "count"}));
        List<Record> r = feed(s, 1, 1, 2, 2, 3, 3, 1000, 0);
        assertThat(num(r.get(0), "a_mean")).isEqualTo(2.5);
        assertThat(num(r.get(0), "a_count")).isEqualTo(2.0);
    }

    @Test
    void aWrongTypeFailsTheRecord() {
        Stage s = window(Map.of("channels", "a", "size", 2));
        assertThatThrownBy(() -> s.process(rec(0, "a", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("window stage 's1'").hasMessageContaining("'a'").hasMessageContaining("STRING");
    }

    @Test
    void invalidConfiguration() {
        assertThatThrownBy(() -> window(Map.of("channels", "a"))).hasMessageContaining("'size'");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "basis", "time"))).hasMessageContaining("'sizeMs'");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "basis", "time", "size", 5)))
                .hasMessageContaining("'size'").hasMessageContaining("basis=count");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "sizeMs", 100L)))
                .hasMessageContaining("'sizeMs'").hasMessageContaining("basis=time");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "mode", "sliding")))
                .hasMessageContaining("'step'");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "mode", "sliding", "step", 5)))
                .hasMessageContaining("'step'");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "step", 2)))
                .hasMessageContaining("'step'").hasMessageContaining("sliding");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "features", "median")))
                .hasMessageContaining("'features'").hasMessageContaining("median");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "features", new String[] {"min", "min"})))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "size", 5, "basis", "rows")))
                .hasMessageContaining("'basis'");
        assertThatThrownBy(() -> window(Map.of("channels", "a", "basis", "time", "sizeMs", 10L, "late", "keep")))
                .hasMessageContaining("'late'");
    }
}
