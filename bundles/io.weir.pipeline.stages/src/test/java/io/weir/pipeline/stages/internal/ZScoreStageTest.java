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

class ZScoreStageTest {

    private final Collector out = new Collector();

    private static Stage zscore(String action) {
        return new ZScoreStageFactory()
                .create(TestContext.of(Map.of("channels", "a", "window", 4, "threshold", 2.0, "action", action)));
    }

    /** History 10, 12, 10, 12: mean 11, population std 1, so the band is 11 +- 2. */
    private void warmUp(Stage s) throws StageException {
        double[] values = {10, 12, 10, 12};
        for (int i = 0; i < values.length; i++) {
            Record in = rec(i, "a", values[i], "b", 1);
            Record r = out.one(s, in);
            assertThat(r.value("a")).isEqualTo(in.value("a"));
        }
    }

    @Test
    void replacesAnOutlierByTheMeanOfTheHistory() throws Exception {
        Stage s = zscore("replace");
        warmUp(s);
        Record r = out.one(s, rec(4, "a", 14.0, "b", 1)); // |14 - 11| = 3 > 2
        assertThat(r.value("a")).isEqualTo(TypedValue.ofDouble(11.0));
        assertThat(r.value("b")).isEqualTo(TypedValue.ofInteger(1));
        // 14 entered the history: 12, 10, 12, 14 -> mean 12, std sqrt(2) = 1.414; 14.8 is 2.8 away: kept
        Record kept = rec(5, "a", 14.8);
        assertThat(out.one(s, kept)).isSameAs(kept);
        // history 10, 12, 14, 14.8 -> mean 12.7, std sqrt(3.47) = 1.863; 9 is 3.7 away, within 3.726: kept
        Record nine = rec(6, "a", 9.0);
        assertThat(out.one(s, nine)).isSameAs(nine);
    }

    @Test
    void usesThePopulationStandardDeviation() throws Exception {
        // population std of 10, 12, 10, 12 is 1 (band 11 +- 2); the sample std would be 1.155 (band +- 2.31)
        Stage s = zscore("replace");
        warmUp(s);
        assertThat(num(out.one(s, rec(4, "a", 13.2)), "a")).isEqualTo(11.0);
    }

    @Test
    void aValueExactlyOnTheBandIsNotAnOutlier() throws Exception {
        Stage s = zscore("replace");
        warmUp(s);
        Record r = rec(4, "a", 13.0); // |13 - 11| = 2, not > 2
        assertThat(out.one(s, r)).isSameAs(r);
    }

    @Test
    void flagAddsABooleanForEveryWatchedChannelPresent() throws Exception {
        Stage s = zscore("flag");
        Record first = out.one(s, rec(0, "a", 10.0));
        assertThat(first.value("a_outlier")).isEqualTo(TypedValue.ofBoolean(false));
        for (int i = 1; i < 4; i++) {
            out.one(s, rec(i, "a", i % 2 == 0 ? 10.0 : 12.0));
        }
        Record r = out.one(s, rec(4, "a", 14.0, "b", 1));
        assertThat(Records.names(r)).containsExactly("a", "b", "a_outlier");
        assertThat(num(r, "a")).isEqualTo(14.0);
        assertThat(r.value("a_outlier")).isEqualTo(TypedValue.ofBoolean(true));
        Record none = rec(5, "b", 2);
        assertThat(out.one(s, none)).isSameAs(none);
    }

    @Test
    void dropRemovesTheChannelAndDropsARecordLeftEmpty() throws Exception {
        Stage s = zscore("drop");
        warmUp(s);
        assertThat(out.one(s, rec(4, "a", 14.0, "b", 1))).isEqualTo(rec(4, "b", 1));
        Stage alone = zscore("drop");
        warmUp(alone);
        assertThat(out.run(alone, rec(4, "a", 14.0))).isEmpty();
    }

    @Test
    void aConstantHistoryMakesAnyOtherValueAnOutlier() throws Exception {
        Stage s = new ZScoreStageFactory().create(TestContext.of(Map.of("channels", "a", "window", 3)));
        for (int i = 0; i < 3; i++) {
            out.one(s, rec(i, "a", 5.0));
        }
        Record same = rec(3, "a", 5.0);
        assertThat(out.one(s, same)).isSameAs(same);
        assertThat(num(out.one(s, rec(4, "a", 5.001)), "a")).isEqualTo(5.0);
    }

    @Test
    void nanIsNeverAnOutlierAndDoesNotEnterTheHistory() throws Exception {
        Stage s = zscore("flag");
        warmUp(s);
        Record nan = out.one(s, rec(4, "a", Double.NaN));
        assertThat(num(nan, "a")).isNaN();
        assertThat(nan.value("a_outlier")).isEqualTo(TypedValue.ofBoolean(false));
        // the history is still 10, 12, 10, 12
        assertThat(out.one(s, rec(5, "a", 14.0)).value("a_outlier")).isEqualTo(TypedValue.ofBoolean(true));
    }

    @Test
    void aGapStartsTheWarmUpAgain() throws Exception {
        Stage s = new ZScoreStageFactory().create(TestContext.of(
                Map.of("channels", "a", "window", 2, "threshold", 1.0, "maxGapMs", 1000L)));
        out.one(s, rec(0, "a", 1.0));
        out.one(s, rec(10, "a", 3.0));
        assertThat(num(out.one(s, rec(20, "a", 10.0)), "a")).isEqualTo(2.0); // mean 2, std 1: 10 is an outlier
        Record afterGap = rec(5000, "a", 100.0);
        assertThat(out.one(s, afterGap)).isSameAs(afterGap); // history emptied: warming up
    }

    @Test
    void wrongTypeAndInvalidConfiguration() {
        Stage s = zscore("replace");
        assertThatThrownBy(() -> s.process(rec(0, "a", "high"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("zscore stage 's1'").hasMessageContaining("'a'").hasMessageContaining("STRING");
        assertThatThrownBy(() -> zscore("clip")).hasMessageContaining("'action'");
        assertThatThrownBy(() -> new ZScoreStageFactory().create(TestContext.of(Map.of("channels", "a", "window", 1))))
                .hasMessageContaining("'window'");
        assertThatThrownBy(() -> new ZScoreStageFactory()
                .create(TestContext.of(Map.of("channels", "a", "threshold", 0.0)))).hasMessageContaining("'threshold'");
    }
}
