// SPDX-License-Identifier: Apache-2.0
package io.weir.pipeline.stages.internal;

import static io.weir.pipeline.stages.internal.Records.num;
import static io.weir.pipeline.stages.internal.Records.rec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.weir.data.Record;
import io.weir.pipeline.Stage;
import io.weir.pipeline.StageException;

/**
 * Hand-computed spectra for N = 8 samples at 8 Hz: bins at 0, 1, 2, 3 and 4 Hz (Nyquist). A cosine of amplitude A
 * at 1 Hz has X_1 = X_7 = 4A, so its one-sided mean-square power is 2 * 16A² / 64 = A²/2.
 */
class FftBandsStageTest {

    private static final double EPS = 1e-12;
    private final Collector out = new Collector();

    private static Stage fft(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("channels", "vib", "size", 8, "sampleRateHz", 8.0,
                "bandEdgesHz", new double[] {0, 2, 4}, "windowFunction", "rectangular", "removeMean", false));
        config.putAll(overrides);
        return new FftBandsStageFactory().create(TestContext.of(config));
    }

    private List<Record> feed(Stage s, long firstTs, double... samples) throws StageException {
        List<Record> result = new ArrayList<>();
        for (int n = 0; n < samples.length; n++) {
            result.addAll(out.run(s, rec(firstTs + n, "vib", samples[n])));
        }
        return result;
    }

    private static double[] cosine(double amplitude, double offset, int count) {
        double[] x = new double[count];
        for (int n = 0; n < count; n++) {
            x[n] = offset + amplitude * Math.cos(2 * Math.PI * n / 8);
        }
        return x;
    }

    @Test
    void aCosineLandsInItsBandWithHalfItsAmplitudeSquared() throws Exception {
        Stage s = fft(Map.of());
        List<Record> r = feed(s, 100, cosine(2.0, 0, 8));
        assertThat(r).hasSize(1);
        Record bands = r.get(0);
        assertThat(Records.names(bands)).containsExactly("vib_band_0_2", "vib_band_2_4");
        assertThat(num(bands, "vib_band_0_2")).isCloseTo(2.0, within(EPS)); // 2² / 2
        assertThat(num(bands, "vib_band_2_4")).isCloseTo(0.0, within(EPS));
        assertThat(bands.timestamp()).isEqualTo(107);
        assertThat(bands.source()).isEqualTo("asset");
    }

    @Test
    void theMeanIsKeptOrRemoved() throws Exception {
        // 1 + cos: DC bin X_0 = 8 -> 64/64 = 1, plus 0.5 from the cosine; mean of x² = 1 + 0.5 as well
        assertThat(num(feed(fft(Map.of()), 0, cosine(1, 1, 8)).get(0), "vib_band_0_2")).isCloseTo(1.5, within(EPS));
        assertThat(num(feed(fft(Map.of("removeMean", true)), 0, cosine(1, 1, 8)).get(0), "vib_band_0_2"))
                .isCloseTo(0.5, within(EPS));
    }

    @Test
    void theNyquistBinBelongsToTheTopBand() throws Exception {
        double[] alternating = {1, -1, 1, -1, 1, -1, 1, -1}; // X_4 = 8, counted once: 64/64
        Record r = feed(fft(Map.of()), 0, alternating).get(0);
        assertThat(num(r, "vib_band_0_2")).isCloseTo(0.0, within(EPS));
        assertThat(num(r, "vib_band_2_4")).isCloseTo(1.0, within(EPS));
    }

    @Test
    void hannWindowLeaksIntoTheNeighbourBinsAsComputedByHand() throws Exception {
        // Hann-windowed cosine at bin 1: X_0 = -2, X_1 = 2, X_2 = -1; sum(w²) = 3
        // band 0-2: (4 + 2*4) / (8*3) = 0.5; band 2-4: 2*1 / 24 = 1/12
        Record r = feed(fft(Map.of("windowFunction", "hann")), 0, cosine(1, 0, 8)).get(0);
        assertThat(num(r, "vib_band_0_2")).isCloseTo(0.5, within(EPS));
        assertThat(num(r, "vib_band_2_4")).isCloseTo(1.0 / 12, within(EPS));
    }

    @Test
    void withARectangularWindowTheBandsAddUpToTheMeanSquare() throws Exception {
        Stage s = fft(Map.of("size", 64, "sampleRateHz", 1000.0, "bandEdgesHz", new double[] {0, 100, 250, 500}));
        Random random = new Random(42);
        double[] x = new double[64];
        double meanSquare = 0;
        for (int n = 0; n < x.length; n++) {
            x[n] = random.nextGaussian() * 3 + 1;
            meanSquare += x[n] * x[n] / x.length;
        }
        Record r = feed(s, 0, x).get(0);
        double total = num(r, "vib_band_0_100") + num(r, "vib_band_100_250") + num(r, "vib_band_250_500");
        assertThat(total).isCloseTo(meanSquare, within(1e-9));
    }

    @Test
    void framesOverlapWithASmallerStep() throws Exception {
        Stage s = fft(Map.of("step", 4));
        List<Record> r = feed(s, 0, cosine(1, 0, 16));
        assertThat(r).extracting(Record::timestamp).containsExactly(7L, 11L, 15L);
        for (Record frame : r) {
            assertThat(num(frame, "vib_band_0_2")).isCloseTo(0.5, within(EPS)); // a whole period in every frame
        }
    }

    @Test
    void nanOutOfOrderAndGapsRestartTheFrame() throws Exception {
        double[] x = cosine(1, 0, 8);
        Stage nan = fft(Map.of());
        assertThat(feed(nan, 0, x[0], x[1], x[2], Double.NaN, x[3], x[4], x[5], x[6], x[7])).isEmpty();
        assertThat(feed(nan, 100, x[0], x[1], x[2])).hasSize(1); // 8 valid samples since the NaN
        Stage late = fft(Map.of());
        feed(late, 100, 1, 2, 3, 4);
        assertThat(feed(late, 50, x)).hasSize(1); // 50 < 103 restarted the frame, which then filled
        Stage gap = fft(Map.of("maxGapMs", 10L));
        feed(gap, 0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(feed(gap, 100, x)).hasSize(1);
        assertThat(out.records).hasSize(3);
    }

    @Test
    void channelsHaveTheirOwnFramesAndNamesCarryFractionalEdges() throws Exception {
        Stage s = fft(Map.of("channels", new String[] {"x", "y"}, "bandEdgesHz", new double[] {0, 1.5, 4}));
        double[] c = cosine(1, 0, 8);
        Record last = null;
        for (int n = 0; n < 8; n++) {
            List<Record> r = out.run(s, n < 4 ? rec(n, "x", c[n]) : rec(n, "x", c[n], "y", c[n]));
            last = r.isEmpty() ? last : r.get(0);
        }
        assertThat(last).isNotNull();
        assertThat(last.values()).containsOnlyKeys("x_band_0_1.5", "x_band_1.5_4"); // y has only 4 samples
        assertThat(num(last, "x_band_0_1.5")).isCloseTo(0.5, within(EPS));
    }

    @Test
    void aWrongTypeFailsTheRecord() {
        Stage s = fft(Map.of());
        assertThatThrownBy(() -> s.process(rec(0, "vib", "loud"), out)).isInstanceOf(StageException.class)
                .hasMessageContaining("fft-bands stage 's1'").hasMessageContaining("'vib'")
                .hasMessageContaining("STRING");
    }

    @Test
    void invalidConfiguration() {
        assertThatThrownBy(() -> fft(Map.of("size", 6))).hasMessageContaining("'size'")
                .hasMessageContaining("power of two");
        assertThatThrownBy(() -> fft(Map.of("size", 2))).hasMessageContaining("'size'");
        assertThatThrownBy(() -> fft(Map.of("step", 9))).hasMessageContaining("'step'");
        assertThatThrownBy(() -> fft(Map.of("sampleRateHz", 0.0))).hasMessageContaining("'sampleRateHz'");
        assertThatThrownBy(() -> fft(Map.of("bandEdgesHz", new double[] {0, 5}))).hasMessageContaining("'bandEdgesHz'")
                .hasMessageContaining("half the sample rate");
        assertThatThrownBy(() -> fft(Map.of("bandEdgesHz", new double[] {2, 1}))).hasMessageContaining("ascending");
        assertThatThrownBy(() -> fft(Map.of("bandEdgesHz", new double[] {1}))).hasMessageContaining("two edges");
        assertThatThrownBy(() -> fft(Map.of("bandEdgesHz", new double[] {0.2, 0.8})))
                .hasMessageContaining("contains no FFT bin");
        assertThatThrownBy(() -> fft(Map.of("windowFunction", "hamming"))).hasMessageContaining("'windowFunction'");
    }
}
