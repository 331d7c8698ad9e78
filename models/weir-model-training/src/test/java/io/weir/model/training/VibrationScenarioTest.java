// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.weir.driver.simulated.signal.internal.SignalKind;
import io.weir.driver.simulated.signal.internal.SignalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VibrationScenarioTest {

    /** The gateway's default configuration, relative to this module (the tests run in the module directory). */
    private static final Path GATEWAY_DEFAULTS = Path.of("../../gateway-distro/src/main/resources/config/"
            + "weir-defaults.json");

    @Test
    void defaultsMirrorTheGatewaysDefaultVibrationChannelAndPipeline() throws IOException {
        assumeTrue(Files.isRegularFile(GATEWAY_DEFAULTS), "the gateway distro's sources are not next to this module");
        String json = Files.readString(GATEWAY_DEFAULTS);
        String channel = json.lines().filter(l -> l.contains("\\\"name\\\":\\\"vibration\\\"")).findFirst()
                .orElseThrow();
        Map<String, String> settings = new HashMap<>();
        Matcher m = Pattern.compile("\\\\\"(\\w+)\\\\\":(?:\\\\\"(\\w+)\\\\\"|([-0-9.eE]+))").matcher(
                channel.substring(channel.indexOf("settings")));
        while (m.find()) {
            settings.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        VibrationScenario s = VibrationScenario.defaults();
        Map<String, String> scenario = Map.ofEntries(Map.entry("signal", "vibration"),
                Map.entry("amplitude", Double.toString(s.amplitude())),
                Map.entry("frequencyHz", Double.toString(s.frequencyHz())),
                Map.entry("harmonics", Integer.toString(s.harmonics())),
                Map.entry("noise", Double.toString(s.noise())),
                Map.entry("spikeProbability", Double.toString(s.spikeProbability())),
                Map.entry("spikeMagnitude", Double.toString(s.spikeMagnitude())),
                Map.entry("samplePeriodMs", Long.toString(s.samplePeriodMs())),
                Map.entry("stuckStartMs", Long.toString(s.stuckStartMs())),
                Map.entry("stuckDurationMs", Long.toString(s.stuckDurationMs())),
                Map.entry("stuckPeriodMs", Long.toString(s.stuckPeriodMs())));
        List<String> mustMatch = List.of("signal", "amplitude", "frequencyHz", "harmonics", "noise",
                "spikeProbability", "spikeMagnitude", "samplePeriodMs");

        // the gateway's settings are the scenario's; stuck windows are the scenario's addition for training, and
        // where the gateway has them too they are the same
        assertThat(settings).containsAllEntriesOf(mustMatch.stream().collect(Collectors.toMap(k -> k,
                scenario::get)));
        settings.forEach((key, value) -> assertThat(scenario).as("setting %s of the gateway's channel", key)
                .containsEntry(key, value));
        // the pipeline's window stage: tumbling count windows of 10 with the six default features
        assertThat(json).contains("\\\"type\\\":\\\"window\\\"", "\\\"mode\\\":\\\"tumbling\\\"",
                "\\\"basis\\\":\\\"count\\\"", "\\\"size\\\":" + VibrationModelRecipe.DEFAULT_WINDOW_SIZE + ",",
                "\\\"features\\\":[\\\"mean\\\",\\\"min\\\",\\\"max\\\",\\\"std\\\",\\\"rms\\\",\\\"p2p\\\"]");
    }

    @Test
    void defaultsAddStuckWindowsAndNoDropouts() {
        VibrationScenario s = VibrationScenario.defaults();

        assertThat(s.stuckDurationMs()).isEqualTo(3_000);
        assertThat(s.stuckPeriodMs()).isEqualTo(60_700);
        assertThat(s.stuckStartMs()).isEqualTo(20_500);
        assertThat(s.dropoutProbability()).isZero();
        assertThat(s.seed()).isEqualTo(1);
    }

    @Test
    void theSignalSpecCarriesEverySetting() {
        SignalSpec spec = VibrationScenario.defaults().withSeed(7).signalSpec(1_000_000);

        assertThat(spec.seed()).isEqualTo(7);
        assertThat(spec.waveform().kind()).isEqualTo(SignalKind.VIBRATION);
        assertThat(spec.waveform().amplitude()).isEqualTo(2.0);
        assertThat(spec.waveform().frequencyHz()).isEqualTo(3.7);
        assertThat(spec.waveform().harmonics()).isEqualTo(3);
        assertThat(spec.waveform().noise()).isEqualTo(0.1);
        assertThat(spec.anomalies().samplePeriodMs()).isEqualTo(100);
        assertThat(spec.anomalies().spikeProbability()).isEqualTo(0.02);
        assertThat(spec.anomalies().spikeMagnitude()).isEqualTo(8.0);
        assertThat(spec.anomalies().stuck().startMs()).isEqualTo(1_020_500);
        assertThat(spec.anomalies().stuck().durationMs()).isEqualTo(3_000);
        assertThat(spec.anomalies().stuck().periodMs()).isEqualTo(60_700);
        assertThat(VibrationScenario.defaults().withStuck(0, 0, 0).signalSpec(5).anomalies().stuck().durationMs())
                .isZero();
    }

    @Test
    void withersChangeOneThing() {
        VibrationScenario s = VibrationScenario.defaults();

        assertThat(s.withSeed(9)).isEqualTo(new VibrationScenario(9, 2.0, 3.7, 3, 0.1, 100, 0.02, 8.0, 20_500, 3_000,
                60_700, 0.0));
        assertThat(s.withNoise(0.5).noise()).isEqualTo(0.5);
        assertThat(s.withSpikes(0.1, 3).spikeProbability()).isEqualTo(0.1);
        assertThat(s.withSpikes(0.1, 3).spikeMagnitude()).isEqualTo(3);
        assertThat(s.withDropoutProbability(0.25).dropoutProbability()).isEqualTo(0.25);
        assertThat(s.withStuck(1, 2, 3).stuckPeriodMs()).isEqualTo(3);
    }

    @Test
    void theDescriptionIsOneLineWithEverySetting() {
        assertThat(VibrationScenario.defaults().describe()).isEqualTo("simulated vibration: amplitude=2.0 "
                + "frequencyHz=3.7 harmonics=3 noise=0.1 samplePeriodMs=100 spikeProbability=0.02 spikeMagnitude=8.0 "
                + "stuckStartMs=+20500 stuckDurationMs=3000 stuckPeriodMs=60700 dropoutProbability=0.0 seed=1");
    }

    @Test
    void invalidSettingsAreRejectedByName() {
        VibrationScenario s = VibrationScenario.defaults();

        assertThatThrownBy(() -> s.withSpikes(1.5, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spikeProbability must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> s.withNoise(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("noise must be a finite number");
        assertThatThrownBy(() -> s.withStuck(0, 3_000, 3_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stuckPeriodMs 3000 must exceed stuckDurationMs 3000");
        assertThatThrownBy(() -> s.withDropoutProbability(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("dropoutProbability must be in [0, 1]");
        assertThatThrownBy(() -> new VibrationScenario(1, 2, 3.7, 17, 0.1, 100, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("harmonics must be in 0..16");
        assertThatThrownBy(() -> new VibrationScenario(1, 2, 3.7, 3, 0.1, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("samplePeriodMs must be at least 1, got 0");
    }
}
