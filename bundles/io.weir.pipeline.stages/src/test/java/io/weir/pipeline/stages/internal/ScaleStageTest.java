// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.names;
import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.Record;
import io.weir.data.TypedValue;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

class ScaleStageTest {

    private final Collector out = new Collector();

    private static Stage scale(Map<String, Object> config) {
        return new ScaleStageFactory().create(TestContext.of(config));
    }

    @Test
    void appliesGainAndOffsetToConfiguredChannelsOnly() throws Exception {
        Stage s = scale(Map.of("channels", new String[] {"a"}, "gain", 2.0, "offset", 1.0));
        Record r = out.one(s, rec(5, "a", 3.0, "b", 5, "c", "text"));
        assertThat(r.value("a")).isEqualTo(TypedValue.ofDouble(7.0));
        assertThat(r.value("b")).isEqualTo(TypedValue.ofInteger(5));
        assertThat(r.value("c")).isEqualTo(TypedValue.ofString("text"));
        assertThat(names(r)).containsExactly("a", "b", "c");
        assertThat(r.timestamp()).isEqualTo(5);
        assertThat(r.source()).isEqualTo("asset");
    }

    @Test
    void integerFloatLongAndBooleanInputsBecomeDoubles() throws Exception {
        Stage s = scale(Map.of("channels", new String[] {"i", "f", "l", "b"}, "gain", 0.5));
        Record r = out.one(s, rec(0, "i", 10, "f", 3.0f, "l", 7L, "b", true));
        assertThat(r.value("i")).isEqualTo(TypedValue.ofDouble(5.0));
        assertThat(r.value("f")).isEqualTo(TypedValue.ofDouble(1.5));
        assertThat(r.value("l")).isEqualTo(TypedValue.ofDouble(3.5));
        assertThat(r.value("b")).isEqualTo(TypedValue.ofDouble(0.5));
    }

    @Test
    void temperaturePresets() throws Exception {
        Stage cToF = scale(Map.of("channels", "t", "preset", "c-to-f"));
        assertThat(num(out.one(cToF, rec(0, "t", 100.0)), "t")).isCloseTo(212.0, within(1e-12));
        assertThat(num(out.one(cToF, rec(0, "t", -40.0)), "t")).isCloseTo(-40.0, within(1e-12));
        assertThat(num(out.one(cToF, rec(0, "t", 0.0)), "t")).isCloseTo(32.0, within(1e-12));
        Stage fToC = scale(Map.of("channels", "t", "preset", "F-TO-C"));
        assertThat(num(out.one(fToC, rec(0, "t", 212.0)), "t")).isCloseTo(100.0, within(1e-12));
        assertThat(num(out.one(fToC, rec(0, "t", 32.0)), "t")).isCloseTo(0.0, within(1e-12));
        Stage kToC = scale(Map.of("channels", "t", "preset", "k-to-c"));
        assertThat(num(out.one(kToC, rec(0, "t", 0.0)), "t")).isCloseTo(-273.15, within(1e-12));
        Stage fToK = scale(Map.of("channels", "t", "preset", "f-to-k"));
        assertThat(num(out.one(fToK, rec(0, "t", 32.0)), "t")).isCloseTo(273.15, within(1e-9));
        Stage kToF = scale(Map.of("channels", "t", "preset", "k-to-f"));
        assertThat(num(out.one(kToF, rec(0, "t", 373.15)), "t")).isCloseTo(212.0, within(1e-9));
    }

    @Test
    void pressureAndOtherPresets() throws Exception {
        // 1 psi = 6894.757293168 Pa exactly, so 1 bar = 100000 / 6894.757293168 psi
        Stage barToPsi = scale(Map.of("channels", "p", "preset", "bar-to-psi"));
        assertThat(num(out.one(barToPsi, rec(0, "p", 1.0)), "p")).isCloseTo(14.503773773, within(1e-9));
        Stage psiToBar = scale(Map.of("channels", "p", "preset", "psi-to-bar"));
        assertThat(num(out.one(psiToBar, rec(0, "p", 14.503773773020923)), "p")).isCloseTo(1.0, within(1e-12));
        Stage kpa = scale(Map.of("channels", "p", "preset", "bar-to-kpa"));
        assertThat(num(out.one(kpa, rec(0, "p", 2.5)), "p")).isCloseTo(250.0, within(1e-12));
        Stage g = scale(Map.of("channels", "acc", "preset", "g-to-mps2"));
        assertThat(num(out.one(g, rec(0, "acc", 2.0)), "acc")).isCloseTo(19.6133, within(1e-12));
        Stage rpm = scale(Map.of("channels", "speed", "preset", "rpm-to-hz"));
        assertThat(num(out.one(rpm, rec(0, "speed", 1500.0)), "speed")).isCloseTo(25.0, within(1e-12));
    }

    @Test
    void nanStaysNanAndInfinityIsScaled() throws Exception {
        Stage s = scale(Map.of("channels", "a", "gain", 2.0, "offset", 1.0));
        assertThat(num(out.one(s, rec(0, "a", Double.NaN)), "a")).isNaN();
        assertThat(out.one(s, rec(0, "a", Double.NaN)).value("a").type()).isEqualTo(DataType.DOUBLE);
        assertThat(num(out.one(s, rec(0, "a", Double.NEGATIVE_INFINITY)), "a")).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aRecordWithoutTheChannelsPassesWithoutACopy() throws Exception {
        Stage s = scale(Map.of("channels", new String[] {"a", "b"}, "gain", 2.0));
        Record in = rec(0, "x", 1.0);
        assertThat(out.one(s, in)).isSameAs(in);
        Record partial = out.one(s, rec(0, "b", 4.0, "x", 1.0));
        assertThat(partial.values()).containsOnlyKeys("b", "x");
        assertThat(num(partial, "b")).isEqualTo(8.0);
    }

    @Test
    void aStringValueFailsTheRecordNamingStageChannelAndType() {
        Stage s = scale(Map.of("channels", new String[] {"a", "b"}, "gain", 2.0));
        assertThatThrownBy(() -> s.process(rec(0, "a", 1.0, "b", "oops"), out))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("scale stage 's1' of pipeline 'p'")
                .hasMessageContaining("channel 'b'")
                .hasMessageContaining("STRING");
        assertThatThrownBy(() -> s.process(rec(0, "a", new byte[] {1}), out))
                .isInstanceOf(StageException.class).hasMessageContaining("BYTES");
        assertThat(out.records).isEmpty();
    }

    @Test
    void outputsStayCorrectWhenRecordShapesChange() throws Exception {
        // the stage reuses a builder while the value names repeat; it must never leak values between records
        Stage s = scale(Map.of("channels", new String[] {"a", "b"}, "gain", 10.0));
        Record r1 = out.one(s, rec(1, "a", 1.0, "b", 2.0, "c", "x"));
        Record r2 = out.one(s, Records.recFrom("other", 2, "a", 3.0, "b", 4.0, "c", "y"));
        Record r3 = out.one(s, rec(3, "b", 5.0, "a", 6.0, "c", "z"));
        Record r4 = out.one(s, rec(4, "a", 7.0));
        Record r5 = out.one(s, rec(5, "a", 8.0, "b", 9.0, "c", "w", "d", 1));
        Record r6 = out.one(s, rec(6, "a", 1.5, "b", 2.5, "c", "v", "d", 2));
        assertThat(r1).isEqualTo(rec(1, "a", 10.0, "b", 20.0, "c", "x"));
        assertThat(r2).isEqualTo(Records.recFrom("other", 2, "a", 30.0, "b", 40.0, "c", "y"));
        assertThat(names(r3)).containsExactly("b", "a", "c");
        assertThat(r3).isEqualTo(rec(3, "b", 50.0, "a", 60.0, "c", "z"));
        assertThat(r4).isEqualTo(rec(4, "a", 70.0));
        assertThat(r5).isEqualTo(rec(5, "a", 80.0, "b", 90.0, "c", "w", "d", 1));
        assertThat(r6).isEqualTo(rec(6, "a", 15.0, "b", 25.0, "c", "v", "d", 2));
        // earlier outputs are immutable snapshots
        assertThat(r1).isEqualTo(rec(1, "a", 10.0, "b", 20.0, "c", "x"));
    }

    @Test
    void invalidConfigurationNamesTheAttribute() {
        assertThatThrownBy(() -> scale(Map.of("gain", 2.0))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'channels'").hasMessageContaining("required");
        assertThatThrownBy(() -> scale(Map.of("channels", new String[0]))).hasMessageContaining("'channels'");
        assertThatThrownBy(() -> scale(Map.of("channels", new String[] {"a", "a"})))
                .hasMessageContaining("'channels'").hasMessageContaining("twice");
        assertThatThrownBy(() -> scale(Map.of("channels", "a", "gain", "abc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gain'");
        assertThatThrownBy(() -> scale(Map.of("channels", "a", "offset", Double.NaN)))
                .hasMessageContaining("'offset'").hasMessageContaining("finite");
        assertThatThrownBy(() -> scale(Map.of("channels", "a", "preset", "c-to-x")))
                .hasMessageContaining("'preset'").hasMessageContaining("c-to-f");
        assertThatThrownBy(() -> scale(Map.of("channels", "a", "preset", "c-to-f", "gain", 3.0)))
                .hasMessageContaining("'preset'").hasMessageContaining("not both");
    }
}
