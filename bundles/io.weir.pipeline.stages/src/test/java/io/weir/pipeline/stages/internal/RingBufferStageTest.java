// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;
import io.weir.pipeline.stages.buffer.BufferInfo;
import io.weir.pipeline.stages.buffer.Series;

class RingBufferStageTest {

    private final RingBufferStageFactory factory = new RingBufferStageFactory();
    private final Collector out = new Collector();

    private Stage buffer(String pipeline, String stageId, Map<String, Object> config) {
        return factory.create(new TestContext(pipeline, stageId, config));
    }

    @Test
    void keepsTheLastNSamplesPerChannelAndPassesRecordsThrough() throws Exception {
        Stage s = buffer("p", "buf", Map.of("channels", "a", "capacity", 3));
        for (int i = 1; i <= 5; i++) {
            Record in = rec(i * 10, "a", i, "b", 100.0);
            assertThat(out.one(s, in)).isSameAs(in);
        }
        Series all = factory.read("p", "buf", "a", Long.MIN_VALUE);
        assertThat(all.timestamps()).containsExactly(30, 40, 50);
        assertThat(all.values()).containsExactly(3.0, 4.0, 5.0);
        assertThat(all.channel()).isEqualTo("a");
        Series newer = factory.read("p", "buf", "a", 40);
        assertThat(newer).isEqualTo(new Series("a", new long[] {50}, new double[] {5.0}));
        assertThat(factory.read("p", "buf", "b", Long.MIN_VALUE)).isNull(); // not configured
        assertThat(factory.read("p", "other", "a", Long.MIN_VALUE)).isNull();
        assertThat(factory.buffers()).containsExactly(new BufferInfo("p", "buf", 3, List.of("a")));
    }

    @Test
    void fewerSamplesThanCapacityNanAndArrivalOrderAreKeptAsTheyCame() throws Exception {
        Stage s = buffer("p", "buf", Map.of("channels", "a", "capacity", 10));
        out.run(s, rec(20, "a", 1.0));
        out.run(s, rec(10, "a", Double.NaN));
        out.run(s, rec(30, "x", 1.0));
        Series series = factory.read("p", "buf", "a", Long.MIN_VALUE);
        assertThat(series.timestamps()).containsExactly(20, 10);
        assertThat(series.values()[0]).isEqualTo(1.0);
        assertThat(series.values()[1]).isNaN();
    }

    @Test
    void withoutChannelsEveryNumericChannelIsBufferedUpToMaxChannels() throws Exception {
        Stage s = buffer("p", "all", Map.of("maxChannels", 2));
        out.run(s, rec(1, "a", 1.0, "s", "text", "n", 7, "flag", true));
        out.run(s, rec(2, "later", 5.0, "a", 2.0));
        assertThat(factory.buffers().get(0).channels()).containsExactly("a", "n");
        assertThat(factory.read("p", "all", "a", Long.MIN_VALUE).values()).containsExactly(1.0, 2.0);
        assertThat(factory.read("p", "all", "n", Long.MIN_VALUE).values()).containsExactly(7.0);
        assertThat(factory.read("p", "all", "s", Long.MIN_VALUE)).isNull();
        assertThat(factory.read("p", "all", "later", Long.MIN_VALUE)).isNull();
    }

    @Test
    void aStringInAConfiguredChannelFailsTheRecordAndStoresNothing() throws Exception {
        Stage s = buffer("p", "buf", Map.of("channels", new String[] {"a", "b"}));
        assertThatThrownBy(() -> s.process(rec(1, "a", 1.0, "b", "x"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("ring-buffer stage 'buf' of pipeline 'p'").hasMessageContaining("'b'")
                .hasMessageContaining("STRING");
        assertThat(factory.read("p", "buf", "a", Long.MIN_VALUE).size()).isZero();
    }

    @Test
    void closingUnregistersAndARebuiltNodeReplacesTheOldOne() throws Exception {
        Stage first = buffer("p2", "b", Map.of());
        Stage other = buffer("p1", "z", Map.of());
        assertThat(factory.buffers()).extracting(BufferInfo::pipelineName, BufferInfo::stageId)
                .containsExactly(tuple("p1", "z"), tuple("p2", "b"));
        Stage second = buffer("p2", "b", Map.of());
        out.run(second, rec(1, "a", 1.0));
        first.close(); // the old stage of the same node closes after the new one was made
        assertThat(factory.read("p2", "b", "a", Long.MIN_VALUE).values()).containsExactly(1.0);
        second.close();
        other.close();
        assertThat(factory.buffers()).isEmpty();
        assertThat(factory.read("p2", "b", "a", Long.MIN_VALUE)).isNull();
    }

    @Test
    void readersAlwaysSeeAConsistentSnapshotWhileThePipelineWrites() throws Exception {
        Stage s = buffer("p", "buf", Map.of("channels", "a", "capacity", 64));
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!done.get() && problem.get() == null) {
                Series series = factory.read("p", "buf", "a", Long.MIN_VALUE);
                long[] t = series.timestamps();
                for (int i = 0; i < t.length; i++) {
                    if (series.values()[i] != t[i] || i > 0 && t[i] != t[i - 1] + 1) {
                        problem.set("torn snapshot at " + i + ": " + Arrays.toString(t));
                    }
                }
            }
        }, "ring-buffer-reader");
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            s.process(rec(i, "a", (double) i), r -> { });
        }
        done.set(true);
        reader.join(10_000);
        assertThat(problem.get()).isNull();
        assertThat(factory.read("p", "buf", "a", Long.MIN_VALUE).timestamps()[63]).isEqualTo(199_999);
    }

    @Test
    void invalidConfiguration() {
        assertThatThrownBy(() -> buffer("p", "b", Map.of("capacity", 0))).hasMessageContaining("'capacity'");
        assertThatThrownBy(() -> buffer("p", "b", Map.of("maxChannels", 0))).hasMessageContaining("'maxChannels'");
        assertThatThrownBy(() -> buffer("p", "b", Map.of("channels", new String[] {"a", ""})))
                .hasMessageContaining("'channels'");
        assertThat(factory.buffers()).isEmpty();
    }
}
