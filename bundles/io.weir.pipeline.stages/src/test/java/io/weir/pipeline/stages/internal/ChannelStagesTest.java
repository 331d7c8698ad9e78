// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.names;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/** rename, select and drop. */
class ChannelStagesTest {

    private final Collector out = new Collector();

    private static Stage rename(String... mappings) {
        return new RenameStageFactory().create(TestContext.of(Map.of("mappings", mappings)));
    }

    private static Stage select(String... channels) {
        return new SelectStageFactory().create(TestContext.of(Map.of("channels", channels)));
    }

    private static Stage drop(String... channels) {
        return new DropStageFactory().create(TestContext.of(Map.of("channels", channels)));
    }

    @Test
    void renameKeepsPositionsTypesTimestampAndSource() throws Exception {
        Stage s = rename("t=temperature", " p = pressure ");
        Record r = out.one(s, Records.recFrom("boiler", 42, "t", 1.5, "x", "on", "p", 3));
        assertThat(names(r)).containsExactly("temperature", "x", "pressure");
        assertThat(r.value("temperature")).isEqualTo(TypedValue.ofDouble(1.5));
        assertThat(r.value("pressure")).isEqualTo(TypedValue.ofInteger(3));
        assertThat(r.value("x")).isEqualTo(TypedValue.ofString("on"));
        assertThat(r.timestamp()).isEqualTo(42);
        assertThat(r.source()).isEqualTo("boiler");
        Record untouched = rec(1, "x", 1.0);
        assertThat(out.one(s, untouched)).isSameAs(untouched);
    }

    @Test
    void renamesApplyAtOnceSoTwoChannelsCanSwap() throws Exception {
        Record r = out.one(rename("a=b", "b=a"), rec(0, "a", 1.0, "b", 2.0));
        assertThat(names(r)).containsExactly("b", "a");
        assertThat(r.value("b")).isEqualTo(TypedValue.ofDouble(1.0));
        assertThat(r.value("a")).isEqualTo(TypedValue.ofDouble(2.0));
    }

    @Test
    void renamingOntoAnExistingChannelFailsTheRecord() {
        Stage s = rename("t=temperature");
        assertThatThrownBy(() -> s.process(rec(0, "t", 1.0, "temperature", 2.0), out))
                .isInstanceOf(StageException.class).hasMessageContaining("rename stage 's1'")
                .hasMessageContaining("'t'").hasMessageContaining("already has a channel 'temperature'");
        assertThat(out.records).isEmpty();
    }

    @Test
    void renameConfiguration() {
        for (String bad : new String[] {"t", "=x", "x=", "a=b=c", " = "}) {
            assertThatThrownBy(() -> rename(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'mappings'").hasMessageContaining("old=new");
        }
        assertThatThrownBy(() -> rename("a=x", "a=y")).hasMessageContaining("renamed twice");
        assertThatThrownBy(() -> rename("a=x", "b=x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> rename()).hasMessageContaining("'mappings'");
        assertThatThrownBy(() -> new RenameStageFactory().create(TestContext.of(Map.of())))
                .hasMessageContaining("'mappings'").hasMessageContaining("required");
    }

    @Test
    void selectKeepsMatchingChannelsInRecordOrder() throws Exception {
        Stage s = select("vib_*", "a");
        Record r = out.one(s, rec(0, "b", 1.0, "vib_x", 2.0, "a", "s", "vib_y", 3, "c", 4.0));
        assertThat(names(r)).containsExactly("vib_x", "a", "vib_y");
        assertThat(r.value("a")).isEqualTo(TypedValue.ofString("s"));
        Record all = rec(0, "a", 1.0, "vib_", 2.0);
        assertThat(out.one(s, all)).isSameAs(all);
        assertThat(out.run(s, rec(0, "b", 1.0))).isEmpty();
    }

    @Test
    void dropRemovesMatchingChannels() throws Exception {
        Stage s = drop("tmp*", "b");
        assertThat(out.one(s, rec(0, "a", 1.0, "b", 2.0, "tmp1", 3.0, "c", 4.0))).isEqualTo(rec(0, "a", 1.0, "c", 4.0));
        Record none = rec(0, "a", 1.0);
        assertThat(out.one(s, none)).isSameAs(none);
        assertThat(out.run(s, rec(0, "b", 1.0, "tmp", 2.0))).isEmpty();
        Stage everything = drop("*");
        assertThat(out.run(everything, rec(0, "a", 1.0))).isEmpty();
    }

    @Test
    void selectAndDropConfiguration() {
        assertThatThrownBy(() -> select("a*b")).hasMessageContaining("'channels'").hasMessageContaining("prefix");
        assertThatThrownBy(() -> drop()).hasMessageContaining("'channels'");
        assertThatThrownBy(() -> new SelectStageFactory().create(TestContext.of(Map.of())))
                .hasMessageContaining("select stage 's1'").hasMessageContaining("required");
    }
}
