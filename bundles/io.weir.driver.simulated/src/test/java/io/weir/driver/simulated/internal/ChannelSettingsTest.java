// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.internal;

import static io.weir.driver.simulated.internal.Channels.channel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.weir.data.DataType;
import io.weir.data.TypedValue;
import io.weir.driver.Channel;
import io.weir.driver.ChannelMode;
import io.weir.driver.DriverException;
import io.weir.driver.SettingDescriptor;
import io.weir.driver.StatusCode;
import io.weir.driver.simulated.signal.internal.Drift;
import io.weir.driver.simulated.signal.internal.SignalKind;
import io.weir.driver.simulated.signal.internal.SignalSpec;
import io.weir.driver.simulated.signal.internal.Window;

class ChannelSettingsTest {

    private static SimulatedChannel compile(Channel c) throws DriverException {
        return ChannelSettings.compile(c, 7, 0);
    }

    private static void assertRejected(Channel c, String... fragments) {
        assertThatThrownBy(() -> compile(c)).isInstanceOf(DriverException.class)
                .hasMessageStartingWith("channel '" + c.name() + "': ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void theDescriptorListsEverySettingWithTypedDefaults() {
        List<String> keys = ChannelSettings.DESCRIPTOR.settings().stream().map(SettingDescriptor::key)
                .collect(Collectors.toList());
        assertThat(keys).startsWith("signal", "amplitude", "offset", "frequencyHz").contains("seed", "spikeProbability",
                "stuckStartMs", "dropoutStatus", "driftStartMs", "driftFrequencyFactor", "source").hasSize(28);
        assertThat(ChannelSettings.DESCRIPTOR.setting("signal").options()).extracting(TypedValue::stringValue)
                .containsExactly("sine", "square", "randomWalk", "vibration", "temperature", "constant", "anomalyLabel",
                        "driftLabel");
        assertThat(ChannelSettings.DESCRIPTOR.setting("frequencyHz").min()).isEqualTo(0.0);
        assertThat(ChannelSettings.DESCRIPTOR.setting("frequencyHz").max()).isEqualTo(500.0);
        assertThat(ChannelSettings.DESCRIPTOR.setting("samplePeriodMs").defaultValue()).isEqualTo(TypedValue.ofLong(1000));
        assertThat(ChannelSettings.DESCRIPTOR.valueTypes()).containsExactly(DataType.DOUBLE, DataType.FLOAT,
                DataType.LONG, DataType.INTEGER, DataType.BOOLEAN);
        // optional settings without a default: the feature is off unless set
        assertThat(ChannelSettings.DESCRIPTOR.setting("seed").defaultValue()).isNull();
        assertThat(ChannelSettings.DESCRIPTOR.setting("driftStartMs").defaultValue()).isNull();
    }

    @Test
    void aChannelWithoutSettingsIsAOneHertzUnitSine() throws DriverException {
        SimulatedChannel c = compile(channel("plain").build());
        SignalSpec spec = c.signal().spec();
        assertThat(spec.waveform().kind()).isEqualTo(SignalKind.SINE);
        assertThat(spec.waveform().amplitude()).isEqualTo(1);
        assertThat(spec.waveform().frequencyHz()).isEqualTo(1);
        assertThat(spec.anomalies().samplePeriodMs()).isEqualTo(1000);
        assertThat(spec.anomalies().stuck()).isEqualTo(Window.NONE);
        assertThat(spec.drift()).isEqualTo(Drift.NONE);
        assertThat(c.dropoutStatus().code()).isEqualTo(StatusCode.DEVICE_ERROR);
        assertThat(c.signal().value(250)).isEqualTo(1.0);
    }

    @Test
    void startTimesCountFromTheOrigin() throws DriverException {
        Channel ch = channel("c").set("stuckStartMs", 500L).set("stuckDurationMs", 100L).set("dropoutStartMs", 2000L)
                .set("dropoutDurationMs", 10L).set("dropoutPeriodMs", 60_000L).set("driftStartMs", 9000L).build();
        SignalSpec spec = ChannelSettings.compile(ch, 0, 1_000_000).signal().spec();
        assertThat(spec.anomalies().stuck()).isEqualTo(new Window(1_000_500, 100, 0));
        assertThat(spec.anomalies().dropout()).isEqualTo(new Window(1_002_000, 10, 60_000));
        assertThat(spec.drift().startMs()).isEqualTo(1_009_000);
    }

    @Test
    void seedsAreDerivedFromTheNameUnlessSet() throws DriverException {
        Channel a = channel("a").set("noise", 1.0).build();
        Channel b = channel("b").set("noise", 1.0).build();
        assertThat(compile(a).signal().value(12345)).isNotEqualTo(compile(b).signal().value(12345));
        Channel a2 = channel("a").set("noise", 1.0).set("seed", 5L).build();
        Channel b2 = channel("b").set("noise", 1.0).set("seed", 5L).build();
        assertThat(compile(a2).signal().value(12345)).isEqualTo(compile(b2).signal().value(12345));
        assertThat(ChannelSettings.compile(a, 8, 0).signal().value(12345))
                .as("another driver seed").isNotEqualTo(compile(a).signal().value(12345));
    }

    @Test
    void numbersAreAcceptedInAnyNumericType() throws DriverException {
        Channel c = channel("c").set("amplitude", 2).set("samplePeriodMs", 250.0).set("harmonics", 5L)
                .set("offset", TypedValue.ofFloat(1.5f)).build();
        SignalSpec spec = compile(c).signal().spec();
        assertThat(spec.waveform().amplitude()).isEqualTo(2);
        assertThat(spec.waveform().offset()).isEqualTo(1.5);
        assertThat(spec.waveform().harmonics()).isEqualTo(5);
        assertThat(spec.anomalies().samplePeriodMs()).isEqualTo(250);
    }

    @Test
    void labelsNeedAnotherChannelAsSource() throws DriverException {
        SimulatedChannel label = compile(channel("l").set("signal", "anomalyLabel").set("source", "vib").build());
        assertThat(label.kind()).isEqualTo(SimulatedChannel.Kind.ANOMALY_LABEL);
        assertThat(label.source()).isEqualTo("vib");
        assertRejected(channel("l").set("signal", "driftLabel").build(), "setting 'source' is required");
        assertRejected(channel("l").set("signal", "anomalyLabel").set("source", "l").build(), "setting 'source'",
                "another channel");
        assertRejected(channel("l").set("signal", "anomalyLabel").set("source", "v").mode(ChannelMode.READ_WRITE)
                .build(), "read-only");
    }

    @Test
    void rejectsAnUnknownSignal() {
        assertRejected(channel("c1").set("signal", "cosine").build(), "setting 'signal'", "unknown signal 'cosine'",
                "sine, square, randomWalk");
    }

    @Test
    void rejectsANegativeOrTooHighFrequency() {
        assertRejected(channel("c2").set("frequencyHz", -3.0).build(), "setting 'frequencyHz' must be at least 0, got -3");
        assertRejected(channel("c2").set("frequencyHz", 600.0).build(), "setting 'frequencyHz' must be at most 500");
        assertRejected(channel("c2").set("frequencyHz", 300.0).set("driftStartMs", 0L).set("driftFrequencyFactor", 2.0)
                .build(), "setting 'driftFrequencyFactor'", "600.0 Hz");
    }

    @Test
    void rejectsUnknownSettingKeys() {
        assertRejected(channel("c3").set("frequncyHz", 3.0).build(), "unknown setting 'frequncyHz'", "frequencyHz");
    }

    @Test
    void rejectsSettingsOfTheWrongType() {
        assertRejected(channel("c4").set("amplitude", "big").build(), "setting 'amplitude' must be a number");
        assertRejected(channel("c4").set("amplitude", true).build(), "setting 'amplitude' must be a number");
        assertRejected(channel("c4").set("signal", 3).build(), "setting 'signal' must be a STRING");
        assertRejected(channel("c4").set("samplePeriodMs", 2.5).build(), "setting 'samplePeriodMs' must be a whole number");
        assertRejected(channel("c4").set("noise", Double.NaN).build(), "setting 'noise' must be a finite number");
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertRejected(channel("c5").set("amplitude", -1.0).build(), "setting 'amplitude' must be at least 0");
        assertRejected(channel("c5").set("spikeProbability", 1.5).build(), "setting 'spikeProbability' must be at most 1");
        assertRejected(channel("c5").set("harmonics", 17).build(), "setting 'harmonics' must be at most 16");
        assertRejected(channel("c5").set("samplePeriodMs", 0L).build(), "setting 'samplePeriodMs' must be at least 1");
        assertRejected(channel("c5").set("stuckStartMs", -5L).build(), "setting 'stuckStartMs' must be at least 0");
        assertRejected(channel("c5").set("dutyCycle", 1.1).build(), "setting 'dutyCycle' must be at most 1");
    }

    @Test
    void rejectsInconsistentCombinations() {
        assertRejected(channel("c6").set("signal", "randomWalk").set("amplitude", 0.0).build(),
                "setting 'amplitude' must be greater than 0 for a randomWalk");
        assertRejected(channel("c6").set("stuckDurationMs", 1000L).set("stuckPeriodMs", 500L).build(),
                "setting 'stuckPeriodMs' must be greater than stuckDurationMs (1000), got 500");
        assertRejected(channel("c6").set("dropoutDurationMs", 10L).set("dropoutPeriodMs", 10L).build(),
                "setting 'dropoutPeriodMs'");
        assertRejected(channel("c6").set("dropoutStatus", "OK").build(), "setting 'dropoutStatus' must be one of");
    }

    @Test
    void onlyConstantsCanBeWritten() throws DriverException {
        assertRejected(channel("c7").mode(ChannelMode.WRITE).build(), "mode WRITE", "sine signal is read-only",
                "only constant channels");
        assertRejected(channel("c7").set("signal", "vibration").mode(ChannelMode.READ_WRITE).build(), "mode READ_WRITE");
        SimulatedChannel setpoint = compile(channel("sp").set("signal", "constant").mode(ChannelMode.READ_WRITE).build());
        assertThat(setpoint.isConstant()).isTrue();
    }

    @Test
    void rejectsTypesTheDriverCannotProduce() {
        assertRejected(channel("c8").type(DataType.STRING).build(), "type STRING is not supported");
        assertRejected(channel("c8").type(DataType.BYTES).build(), "type BYTES is not supported");
    }

    @Test
    void valuesAreConvertedToTheChannelType() {
        assertThat(SimulatedChannel.convert(DataType.DOUBLE, 2.6)).isEqualTo(TypedValue.ofDouble(2.6));
        assertThat(SimulatedChannel.convert(DataType.FLOAT, 2.6)).isEqualTo(TypedValue.ofFloat(2.6f));
        assertThat(SimulatedChannel.convert(DataType.LONG, 2.5)).isEqualTo(TypedValue.ofLong(3));
        assertThat(SimulatedChannel.convert(DataType.LONG, -2.6)).isEqualTo(TypedValue.ofLong(-3));
        assertThat(SimulatedChannel.convert(DataType.INTEGER, 2.4)).isEqualTo(TypedValue.ofInteger(2));
        assertThat(SimulatedChannel.convert(DataType.INTEGER, 1e12)).isEqualTo(TypedValue.ofInteger(Integer.MAX_VALUE));
        assertThat(SimulatedChannel.convert(DataType.BOOLEAN, 1)).isEqualTo(TypedValue.ofBoolean(true));
        assertThat(SimulatedChannel.convert(DataType.BOOLEAN, 0.5)).isEqualTo(TypedValue.ofBoolean(false));
        assertThat(SimulatedChannel.convert(DataType.BOOLEAN, -1)).isEqualTo(TypedValue.ofBoolean(false));
    }
}
