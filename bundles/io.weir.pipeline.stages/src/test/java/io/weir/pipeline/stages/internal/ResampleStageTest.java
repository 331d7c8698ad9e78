// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class ResampleStageTest {

    private final Collector out = new Collector();

    private static Stage resample(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("channels", "a", "periodMs", 100L));
        config.putAll(overrides);
        return new ResampleStageFactory().create(TestContext.of(config));
    }

    /** 50: 1 | 250: 3 | 300: 4 | 420: NaN | 500: 6 */
    private List<Record> feedStandard(Stage s) throws StageException {
        out.run(s, rec(50, "a", 1.0, "status", "x"));
        out.run(s, rec(250, "a", 3));
        out.run(s, rec(300, "a", 4.0));
        out.run(s, rec(420, "a", Double.NaN));
        out.run(s, rec(500, "a", 6.0));
        return out.records;
    }

    @Test
    void holdImputesTheLastValue() throws Exception {
        List<Record> r = feedStandard(resample(Map.of()));
        assertThat(r).extracting(Record::timestamp, x -> num(x, "a"))
                .containsExactly(tuple(100L, 1.0), tuple(200L, 1.0), tuple(300L, 4.0), tuple(400L, 4.0),
                        tuple(500L, 6.0));
        assertThat(r.get(0).values()).containsOnlyKeys("a"); // unwatched channels are not resampled
        assertThat(r.get(0).value("a")).isEqualTo(TypedValue.ofDouble(1.0));
    }

    @Test
    void linearInterpolatesBetweenTheSamplesAroundEachGridTime() throws Exception {
        List<Record> r = feedStandard(resample(Map.of("fill", "linear")));
        // 100: 1 + 2 * 50/200 = 1.5; 200: 1 + 2 * 150/200 = 2.5; 400: the record at 420 is NaN -> held
        assertThat(r).extracting(Record::timestamp, x -> num(x, "a"))
                .containsExactly(tuple(100L, 1.5), tuple(200L, 2.5), tuple(300L, 4.0), tuple(400L, 4.0),
                        tuple(500L, 6.0));
    }

    @Test
    void noImputationBeyondMaxGap() throws Exception {
        Stage s = resample(Map.of("maxGapMs", 250L));
        out.run(s, rec(0, "a", 1.0));
        out.run(s, rec(1000, "a", 2.0));
        // 100 and 200 are within 250 of the sample at 0; 300 ... 900 are not
        assertThat(out.records).extracting(Record::timestamp, x -> num(x, "a"))
                .containsExactly(tuple(0L, 1.0), tuple(100L, 1.0), tuple(200L, 1.0), tuple(1000L, 2.0));
        Stage linear = resample(Map.of("maxGapMs", 250L, "fill", "linear"));
        Collector c = new Collector();
        linear.process(rec(0, "a", 0.0), c);
        linear.process(rec(1000, "a", 10.0), c);
        // samples 1000 apart are too far to interpolate between: held for 250 instead
        assertThat(c.records).extracting(x -> num(x, "a")).containsExactly(0.0, 0.0, 0.0, 10.0);
    }

    @Test
    void aVeryLongGapDoesNotLoopOverTheGrid() throws Exception {
        Stage s = resample(Map.of("periodMs", 1L, "maxGapMs", 1L));
        out.run(s, rec(0, "a", 1.0));
        long start = System.nanoTime();
        out.run(s, rec(4_000_000_000_000L, "a", 2.0));
        assertThat(out.records).extracting(Record::timestamp).containsExactly(0L, 1L, 4_000_000_000_000L);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void channelsMissingFromARecordAreHeldAndUnknownOnesLeftOut() throws Exception {
        Stage s = resample(Map.of("channels", new String[] {"a", "b"}, "fill", "linear"));
        out.run(s, rec(0, "a", 0.0));
        out.run(s, rec(100, "a", 1.0, "b", 5.0));
        out.run(s, rec(150, "b", 7.0));
        out.run(s, rec(300, "a", 3.0, "b", 8.0));
        List<Record> r = out.records;
        assertThat(r.get(0)).isEqualTo(rec(0, "a", 0.0)); // b has no sample yet
        assertThat(r.get(1)).isEqualTo(rec(100, "a", 1.0, "b", 5.0));
        assertThat(r.get(2).timestamp()).isEqualTo(200);
        assertThat(num(r.get(2), "a")).isCloseTo(2.0, within(1e-12)); // between 1@100 and 3@300
        assertThat(num(r.get(2), "b")).isCloseTo(7.0 + 1.0 * 50 / 150, within(1e-12)); // between 7@150 and 8@300
        assertThat(r.get(3)).isEqualTo(rec(300, "a", 3.0, "b", 8.0));
        assertThat(r).hasSize(4);
    }

    @Test
    void lateRecordsAreDroppedOrDeadLetteredAndEqualTimestampsUpdate() throws Exception {
        Stage s = resample(Map.of());
        out.run(s, rec(0, "a", 1.0));
        out.run(s, rec(150, "a", 2.0));
        assertThat(out.run(s, rec(120, "a", 9.0))).isEmpty();
        assertThat(out.run(s, rec(150, "a", 3.0))).isEmpty();
        assertThat(out.run(s, rec(250, "a", 4.0))).extracting(x -> num(x, "a")).containsExactly(3.0);
        Stage strict = resample(Map.of("late", "dead-letter"));
        out.run(strict, rec(1000, "a", 1.0));
        assertThatThrownBy(() -> strict.process(rec(999, "a", 1.0), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("resample stage 's1'").hasMessageContaining("late")
                .hasMessageContaining("999");
    }

    @Test
    void wrongTypeIgnoredRecordsAndInvalidConfiguration() throws Exception {
        Stage s = resample(Map.of());
        assertThatThrownBy(() -> s.process(rec(0, "a", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("'a'").hasMessageContaining("STRING");
        assertThat(out.run(s, rec(0, "other", 1.0))).isEmpty();
        assertThatThrownBy(() -> resample(Map.of("periodMs", 0L))).hasMessageContaining("'periodMs'");
        assertThatThrownBy(() -> resample(Map.of("maxGapMs", 50L))).hasMessageContaining("'maxGapMs'");
        assertThatThrownBy(() -> resample(Map.of("fill", "cubic"))).hasMessageContaining("'fill'");
        assertThatThrownBy(() -> new ResampleStageFactory().create(TestContext.of(Map.of("channels", "a"))))
                .hasMessageContaining("'periodMs'").hasMessageContaining("required");
    }
}
