// SPDX-License-Identifier: Apache-2.0
package io.weir.model.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.weir.driver.simulated.signal.internal.Signal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VibrationDatasetTest {

    private static final long START = VibrationModelRecipe.DEFAULT_TRAINING_START_MS;
    private static final long TEN_MINUTES = 600_000;

    @Test
    void windowsAreTenConsecutiveSamplesWithTheStageFeatures() {
        VibrationScenario scenario = VibrationScenario.defaults();
        LabelledData data = VibrationDataset.generate(scenario, START, TEN_MINUTES, 10);
        Signal signal = new Signal(scenario.signalSpec(START));

        assertThat(data.featureNames()).containsExactlyElementsOf(WindowFeatures.names("vibration"));
        assertThat(data.size()).isEqualTo(600);
        for (int w = 0; w < data.size(); w++) {
            double[] samples = new double[10];
            for (int i = 0; i < 10; i++) {
                samples[i] = signal.value(START + w * 1_000L + i * 100L);
            }
            assertThat(data.examples().get(w).features()).as("window %d", w)
                    .containsExactly(WindowFeatures.compute(samples));
        }
    }

    @Test
    void labelsMatchTheSignalsAnomalySchedule() {
        VibrationScenario scenario = VibrationScenario.defaults();
        LabelledData data = VibrationDataset.generate(scenario, START, TEN_MINUTES, 10);
        Signal signal = new Signal(scenario.signalSpec(START));

        int stuckWindows = 0;
        int spikeWindows = 0;
        for (int w = 0; w < data.size(); w++) {
            boolean stuck = false;
            boolean spike = false;
            for (int i = 0; i < 10; i++) {
                long t = START + w * 1_000L + i * 100L;
                // the stuck schedule, computed here independently: 3 s every 60.7 s from 20.5 s after the start
                long since = t - START - 20_500;
                stuck |= since >= 0 && since % 60_700 < 3_000;
                spike |= signal.isSpike(t);
            }
            stuckWindows += stuck ? 1 : 0;
            spikeWindows += spike ? 1 : 0;
            assertThat(data.examples().get(w).anomaly()).as("window %d", w).isEqualTo(stuck || spike);
        }
        // 10 stuck episodes of 3 s in 10 minutes, each touching 3 or 4 one-second windows
        assertThat(stuckWindows).isBetween(30, 40);
        // a spike in 2 % of the 100 ms slots: about 1 - 0.98^10 = 18 % of the windows
        assertThat(spikeWindows).isBetween(70, 150);
        assertThat(data.positives()).isEqualTo((int) data.examples().stream().filter(LabelledExample::anomaly)
                .count());
    }

    @Test
    void aStuckWindowHasNoSpread() {
        // stuck from 20.5 s to 23.5 s: windows 21 and 22 are stuck throughout, 20 and 23 half
        LabelledData data = VibrationDataset.generate(VibrationScenario.defaults().withSpikes(0, 0), START, 30_000,
                10);

        for (int w : new int[] {21, 22}) {
            double[] f = data.examples().get(w).features();
            assertThat(f[3]).as("std (the mean's rounding leaves a trace)").isCloseTo(0.0, within(1e-12));
            assertThat(f[5]).as("p2p").isZero();
            assertThat(data.examples().get(w).anomaly()).isTrue();
        }
        assertThat(data.examples().get(20).anomaly()).isTrue();
        assertThat(data.examples().get(23).anomaly()).isTrue();
        assertThat(data.examples().get(19).anomaly()).isFalse();
        assertThat(data.examples().get(24).anomaly()).isFalse();
        assertThat(data.positives()).isEqualTo(4);
    }

    @Test
    void dropoutSamplesKeepTheirPlaceButAreNoSamples() {
        VibrationScenario scenario = VibrationScenario.defaults().withDropoutProbability(0.3).withSpikes(0, 0)
                .withStuck(0, 0, 0);
        LabelledData data = VibrationDataset.generate(scenario, START, 60_000, 10);
        Signal signal = new Signal(scenario.signalSpec(START));

        assertThat(data.size()).isEqualTo(60);
        int dropouts = 0;
        for (int w = 0; w < data.size(); w++) {
            double[] samples = new double[10];
            boolean dropout = false;
            for (int i = 0; i < 10; i++) {
                long t = START + w * 1_000L + i * 100L;
                samples[i] = signal.isDropout(t) ? Double.NaN : signal.value(t);
                dropout |= signal.isDropout(t);
                dropouts += signal.isDropout(t) ? 1 : 0;
            }
            assertThat(data.examples().get(w).features()).containsExactly(WindowFeatures.compute(samples));
            assertThat(data.examples().get(w).anomaly()).isEqualTo(dropout);
        }
        assertThat(dropouts).isBetween(120, 240);
    }

    @Test
    void aWindowOfDropoutsOnlyGivesNoExample() {
        VibrationScenario scenario = VibrationScenario.defaults().withDropoutProbability(0.5);
        Signal signal = new Signal(scenario.signalSpec(START));
        long present = 0;
        for (int k = 0; k < 1_000; k++) {
            present += signal.isDropout(START + k * 100L) ? 0 : 1;
        }

        LabelledData data = VibrationDataset.generate(scenario, START, 100_000, 1);

        assertThat(data.size()).isEqualTo((int) present).isBetween(400, 600);
    }

    @Test
    void theSameScenarioGivesTheSameDataAndAnotherSeedOther() {
        VibrationScenario scenario = VibrationScenario.defaults().withSeed(42);
        LabelledData a = VibrationDataset.generate(scenario, START, 60_000, 10);
        LabelledData b = VibrationDataset.generate(scenario, START, 60_000, 10);
        LabelledData c = VibrationDataset.generate(scenario.withSeed(43), START, 60_000, 10);

        assertThat(a).isEqualTo(b);
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }

    @Test
    void anIncompleteLastWindowIsDropped() {
        assertThat(VibrationDataset.generate(VibrationScenario.defaults(), START, 2_999, 10).size()).isEqualTo(2);
        assertThat(VibrationDataset.generate(VibrationScenario.defaults(), START, 3_000, 10).size()).isEqualTo(3);
    }

    @Test
    void theDescriptionNamesScenarioAndTimeRange() {
        assertThat(VibrationDataset.generate(VibrationScenario.defaults(), START, 3_000, 10).description())
                .isEqualTo(VibrationScenario.defaults().describe()
                        + "; 10-sample windows from 2026-01-01T00:00:00Z for 3000 ms");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> VibrationDataset.generate(VibrationScenario.defaults(), START, 60_000, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("windowSize must be at least 1, got 0");
        assertThatThrownBy(() -> VibrationDataset.generate(VibrationScenario.defaults(), START, 999, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("durationMs 999 is shorter than one window of 10 samples every 100 ms (1000 ms)");
    }

    @Test
    void examplesAreCopied() {
        double[] f = {1, 2};
        LabelledExample e = new LabelledExample(f, true);
        f[0] = 9;
        e.features()[1] = 9;

        assertThat(e.features()).containsExactly(1, 2);
        assertThat(Arrays.asList(e.toString())).containsExactly("ANOMALY [1.0, 2.0]");
    }
}
