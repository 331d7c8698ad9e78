// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hand-computed expectations for every waveform, anomaly and drift. Times are epoch ms. */
class SignalTest {

    private static final double EPS = 1e-12;
    private static final long HOUR = 3_600_000L;

    private static Signal signal(Waveform w) {
        return new Signal(SignalSpec.of(w, 1));
    }

    private static Signal signal(Waveform w, Anomalies a, Drift d, long seed) {
        return new Signal(new SignalSpec(w, a, d, seed));
    }

    private static Waveform wave(SignalKind kind, double amplitude, double offset, double frequencyHz,
            double phaseDeg, double noise, int harmonics, double duty, double step) {
        return new Waveform(kind, amplitude, offset, frequencyHz, phaseDeg, noise, harmonics, duty, step);
    }

    @Nested
    class Waveforms {

        @Test
        void sineAtQuarterPeriods() {
            Signal s = signal(Waveform.of(SignalKind.SINE, 2, 1, 1));
            assertThat(s.value(0)).isCloseTo(1, within(EPS));
            assertThat(s.value(250)).isCloseTo(3, within(EPS));
            assertThat(s.value(500)).isCloseTo(1, within(EPS));
            assertThat(s.value(750)).isCloseTo(-1, within(EPS));
            assertThat(s.value(1250)).isCloseTo(3, within(EPS));
            assertThat(s.value(-250)).isCloseTo(-1, within(EPS));
        }

        @Test
        void sineAtPresentDayTimestamps() {
            Signal s = signal(Waveform.of(SignalKind.SINE, 2, 1, 1));
            long t = 1_785_000_000_000L; // a whole second
            assertThat(s.value(t + 250)).isCloseTo(3, within(1e-9));
            assertThat(s.value(t + 750)).isCloseTo(-1, within(1e-9));
            Signal fast = signal(Waveform.of(SignalKind.SINE, 1, 0, 50));
            assertThat(fast.value(t + 5)).isCloseTo(1, within(1e-6)); // a quarter of a 20 ms period
        }

        @Test
        void sinePhaseShiftsTheWave() {
            Signal s = signal(wave(SignalKind.SINE, 2, 1, 1, 90, 0, 3, 0.5, 0.1));
            assertThat(s.value(0)).isCloseTo(3, within(EPS));
            assertThat(s.value(500)).isCloseTo(-1, within(EPS));
        }

        @Test
        void sineFollowsTheFormulaEverywhere() {
            Signal s = signal(wave(SignalKind.SINE, 1.5, -2, 3.7, 30, 0, 3, 0.5, 0.1));
            for (long t = 0; t < 5000; t += 37) {
                double expected = -2 + 1.5 * Math.sin(2 * Math.PI * 3.7 * t / 1000 + Math.PI / 6);
                assertThat(s.value(t)).as("t=%d", t).isCloseTo(expected, within(1e-9));
            }
        }

        @Test
        void squareTransitionsAtTheDutyCycle() {
            Signal half = signal(Waveform.of(SignalKind.SQUARE, 2, 1, 1));
            assertThat(half.value(0)).isEqualTo(3);
            assertThat(half.value(499)).isEqualTo(3);
            assertThat(half.value(500)).isEqualTo(-1);
            assertThat(half.value(999)).isEqualTo(-1);
            assertThat(half.value(1000)).isEqualTo(3);
            Signal quarter = signal(wave(SignalKind.SQUARE, 2, 1, 1, 0, 0, 3, 0.25, 0.1));
            assertThat(quarter.value(249)).isEqualTo(3);
            assertThat(quarter.value(250)).isEqualTo(-1);
            assertThat(quarter.value(1249)).isEqualTo(3);
        }

        @Test
        void squarePhaseMovesTheEdges() {
            Signal s = signal(wave(SignalKind.SQUARE, 1, 0, 1, 90, 0, 3, 0.5, 0.1));
            assertThat(s.value(0)).isEqualTo(1);
            assertThat(s.value(249)).isEqualTo(1);
            assertThat(s.value(250)).isEqualTo(-1);
            assertThat(s.value(749)).isEqualTo(-1);
            assertThat(s.value(750)).isEqualTo(1);
        }

        @Test
        void squareWithExtremeDutyCyclesIsConstant() {
            Signal low = signal(wave(SignalKind.SQUARE, 1, 0, 1, 0, 0, 3, 0, 0.1));
            Signal high = signal(wave(SignalKind.SQUARE, 1, 0, 1, 0, 0, 3, 1, 0.1));
            for (long t = 0; t < 2000; t += 7) {
                assertThat(low.value(t)).isEqualTo(-1);
                assertThat(high.value(t)).isEqualTo(1);
            }
        }

        @Test
        void vibrationAddsHarmonicsWithAmplitudeOneOverK() {
            // f = 10 Hz, t = 25 ms: x = π/2; sin(x) + sin(2x)/2 + sin(3x)/3 = 1 + 0 - 1/3
            Signal s = signal(wave(SignalKind.VIBRATION, 3, 0, 10, 0, 0, 2, 0.5, 0.1));
            assertThat(s.value(25)).isCloseTo(3 * (2 / 3.0), within(EPS));
            Signal pure = signal(wave(SignalKind.VIBRATION, 1, 0, 10, 0, 0, 0, 0.5, 0.1));
            assertThat(pure.value(25)).isCloseTo(1, within(EPS));
            double x = 2 * Math.PI * 10 * 0.005; // t = 5 ms
            assertThat(s.value(5)).isCloseTo(3 * (Math.sin(x) + Math.sin(2 * x) / 2 + Math.sin(3 * x) / 3),
                    within(EPS));
        }

        @Test
        void harmonicRecurrenceMatchesDirectSums() {
            for (int h = 0; h <= Waveform.MAX_HARMONICS; h++) {
                for (double x = -7; x < 7; x += 0.37) {
                    double direct = 0;
                    for (int k = 1; k <= h + 1; k++) {
                        direct += Math.sin(k * x) / k;
                    }
                    assertThat(Signal.harmonicSum(x, h)).isCloseTo(direct, within(1e-12));
                }
            }
        }

        @Test
        void temperatureIsColdestAt3AndWarmestAt15Utc() {
            Signal s = signal(Waveform.of(SignalKind.TEMPERATURE, 5, 20, 1));
            long day = 1_785_024_000_000L; // a UTC midnight (1_785_024_000_000 / 86_400_000 = 20_660)
            assertThat(day % 86_400_000L).isZero();
            assertThat(s.value(day + 3 * HOUR)).isCloseTo(15, within(1e-9));
            assertThat(s.value(day + 15 * HOUR)).isCloseTo(25, within(1e-9));
            assertThat(s.value(day + 9 * HOUR)).isCloseTo(20, within(1e-9));
            assertThat(s.value(day + 21 * HOUR)).isCloseTo(20, within(1e-9));
            assertThat(s.value(day + 27 * HOUR)).isCloseTo(15, within(1e-9));
        }

        @Test
        void temperatureIgnoresFrequencyAndHonoursPhase() {
            Signal shifted = signal(wave(SignalKind.TEMPERATURE, 5, 20, 42, 15, 0, 3, 0.5, 0.1));
            assertThat(shifted.value(2 * HOUR)).isCloseTo(15, within(1e-9)); // 15° = one hour earlier
            assertThat(shifted.value(14 * HOUR)).isCloseTo(25, within(1e-9));
        }

        @Test
        void constantIsTheOffsetOrTheGivenSetpoint() {
            Signal s = signal(Waveform.of(SignalKind.CONSTANT, 9, 7, 3));
            assertThat(s.value(0)).isEqualTo(7);
            assertThat(s.value(123_456_789)).isEqualTo(7);
            assertThat(s.value(55, 3.5)).isEqualTo(3.5);
        }

        @Test
        void foldReflectsIntoMinusOneToOne() {
            assertThat(Signal.fold(0)).isEqualTo(0);
            assertThat(Signal.fold(0.3)).isCloseTo(0.3, within(EPS));
            assertThat(Signal.fold(1)).isEqualTo(1);
            assertThat(Signal.fold(1.5)).isEqualTo(0.5);
            assertThat(Signal.fold(3)).isEqualTo(-1);
            assertThat(Signal.fold(4)).isEqualTo(0);
            assertThat(Signal.fold(-1.5)).isEqualTo(-0.5);
            assertThat(Signal.fold(-2.25)).isEqualTo(0.25);
            assertThat(Signal.fold(1e7 + 0.5)).isCloseTo(0.5, within(1e-9));
        }
    }

    @Nested
    class Noise {

        @Test
        void noiseHasTheConfiguredStandardDeviation() {
            Signal s = signal(wave(SignalKind.CONSTANT, 0, 10, 1, 0, 0.5, 3, 0.5, 0.1));
            int n = 100_000;
            double sum = 0;
            double sumSq = 0;
            for (long t = 0; t < n; t++) {
                double v = s.value(t) - 10;
                sum += v;
                sumSq += v * v;
            }
            assertThat(sum / n).isCloseTo(0, within(0.01));
            assertThat(Math.sqrt(sumSq / n)).isCloseTo(0.5, within(0.01));
        }

        @Test
        void sameSeedSameValuesOtherSeedOtherValues() {
            Waveform w = wave(SignalKind.SINE, 1, 0, 2, 0, 0.3, 3, 0.5, 0.1);
            Signal a = signal(w, Anomalies.NONE, Drift.NONE, 42);
            Signal b = signal(w, Anomalies.NONE, Drift.NONE, 42);
            Signal c = signal(w, Anomalies.NONE, Drift.NONE, 43);
            int differ = 0;
            for (long t = 1_785_000_000_000L; t < 1_785_000_001_000L; t++) {
                assertThat(Double.doubleToRawLongBits(a.value(t))).isEqualTo(Double.doubleToRawLongBits(b.value(t)));
                if (a.value(t) != c.value(t)) {
                    differ++;
                }
            }
            assertThat(differ).isEqualTo(1000);
        }

        @Test
        void theValueAtATimeDoesNotDependOnTheOrderOfReads() {
            Waveform w = wave(SignalKind.RANDOM_WALK, 5, 0, 10, 0, 0.2, 3, 0.5, 0.5);
            Signal forward = signal(w, Anomalies.NONE, Drift.NONE, 9);
            Signal backward = signal(w, Anomalies.NONE, Drift.NONE, 9);
            double[] values = new double[3000];
            for (int i = 0; i < values.length; i++) {
                values[i] = forward.value(1_785_000_000_000L + i * 33L);
            }
            for (int i = values.length - 1; i >= 0; i--) {
                assertThat(backward.value(1_785_000_000_000L + i * 33L)).isEqualTo(values[i]);
            }
        }
    }

    @Nested
    class RandomWalks {

        @Test
        void holdsItsValueForOneStepAndMovesBetweenSteps() {
            Signal s = signal(Waveform.of(SignalKind.RANDOM_WALK, 10, 0, 1));
            long t0 = 1_785_000_000_000L;
            for (int step = 0; step < 20; step++) {
                double first = s.value(t0 + step * 1000L);
                assertThat(s.value(t0 + step * 1000L + 999)).isEqualTo(first);
                assertThat(s.value(t0 + step * 1000L + 1000)).isNotEqualTo(first);
            }
        }

        @Test
        void staysWithinOffsetPlusMinusAmplitude() {
            // big steps relative to the amplitude: the walk reflects at the bounds all the time
            Signal s = signal(wave(SignalKind.RANDOM_WALK, 2, 5, 100, 0, 0, 3, 0.5, 0.7));
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (long t = 0; t < 1_000_000; t += 10) {
                double v = s.value(t);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertThat(min).isGreaterThanOrEqualTo(3).isLessThan(3.1);
            assertThat(max).isLessThanOrEqualTo(7).isGreaterThan(6.9);
        }

        @Test
        void stepsHaveTheConfiguredStandardDeviation() {
            // an amplitude far above the walk's range: no reflection, value = offset + stepSize·W
            double stepSize = 0.25;
            Signal s = signal(wave(SignalKind.RANDOM_WALK, 1e12, 0, 1, 0, 0, 3, 0.5, stepSize));
            long t0 = 1_785_000_000_000L;
            int n = 50_000;
            double sum = 0;
            double sumSq = 0;
            double previous = s.value(t0);
            for (int i = 1; i <= n; i++) {
                double v = s.value(t0 + i * 1000L);
                double d = v - previous;
                sum += d;
                sumSq += d * d;
                previous = v;
            }
            assertThat(sum / n).isCloseTo(0, within(0.005));
            assertThat(Math.sqrt(sumSq / n)).isCloseTo(stepSize, within(0.005));
        }

        @Test
        void frequencyIsStepsPerSecond() {
            Signal s = signal(Waveform.of(SignalKind.RANDOM_WALK, 10, 0, 4));
            assertThat(s.value(0)).isEqualTo(s.value(249));
            assertThat(s.value(250)).isNotEqualTo(s.value(249));
        }
    }

    @Nested
    class AnomaliesInjected {

        private final Waveform zero = Waveform.of(SignalKind.CONSTANT, 0, 0, 1);

        @Test
        void spikesEveryNthSlot() {
            Anomalies a = new Anomalies(100, 0, 10, 5, Window.NONE, Window.NONE, 0);
            Signal s = signal(zero, a, Drift.NONE, 3);
            int plus = 0;
            int minus = 0;
            for (long t = -5000; t < 20_000; t++) {
                boolean expected = Math.floorMod(Math.floorDiv(t, 100), 10) == 0; // [0,100), [1000,1100), ...
                assertThat(s.isSpike(t)).as("t=%d", t).isEqualTo(expected);
                assertThat(s.isAnomaly(t)).isEqualTo(expected);
                double v = s.value(t);
                if (expected) {
                    assertThat(Math.abs(v)).isEqualTo(5);
                    plus += v > 0 ? 1 : 0;
                    minus += v < 0 ? 1 : 0;
                } else {
                    assertThat(v).isZero();
                }
            }
            assertThat(plus).isPositive();
            assertThat(minus).isPositive();
        }

        @Test
        void aSpikeLastsOneSlotAndAllSamplesInItAgree() {
            Anomalies a = new Anomalies(100, 0, 10, 5, Window.NONE, Window.NONE, 0);
            Signal s = signal(zero, a, Drift.NONE, 3);
            assertThat(s.value(1000)).isEqualTo(s.value(1099));
            assertThat(s.value(1100)).isZero();
        }

        @Test
        void randomSpikesHaveTheConfiguredRateAndAreReproducible() {
            Anomalies a = new Anomalies(10, 0.1, 0, 2, Window.NONE, Window.NONE, 0);
            Signal s = signal(zero, a, Drift.NONE, 11);
            Signal same = signal(zero, a, Drift.NONE, 11);
            Signal other = signal(zero, a, Drift.NONE, 12);
            int spikes = 0;
            int disagreements = 0;
            int slots = 100_000;
            for (long slot = 0; slot < slots; slot++) {
                long t = slot * 10;
                boolean spike = s.isSpike(t);
                spikes += spike ? 1 : 0;
                assertThat(same.isSpike(t)).isEqualTo(spike);
                disagreements += other.isSpike(t) != spike ? 1 : 0;
            }
            assertThat(spikes / (double) slots).isCloseTo(0.1, within(0.005));
            assertThat(disagreements).isGreaterThan(10_000); // independent streams: about 18 %
        }

        @Test
        void probabilityOneSpikesEverySlot() {
            Signal s = signal(zero, new Anomalies(10, 1, 0, 2, Window.NONE, Window.NONE, 0), Drift.NONE, 1);
            for (long t = 0; t < 1000; t++) {
                assertThat(Math.abs(s.value(t))).isEqualTo(2);
            }
        }

        @Test
        void aStuckWindowFreezesTheValueItStartedWith() {
            Window stuck = new Window(1250, 500, 2000);
            Anomalies a = new Anomalies(1000, 0, 0, 0, stuck, Window.NONE, 0);
            Signal s = signal(Waveform.of(SignalKind.SINE, 1, 0, 1), a, Drift.NONE, 1);
            assertThat(s.value(1249)).isCloseTo(Math.sin(2 * Math.PI * 1.249), within(EPS));
            assertThat(s.value(1250)).isCloseTo(1, within(EPS));
            assertThat(s.value(1600)).isCloseTo(1, within(EPS));
            assertThat(s.value(1749)).isCloseTo(1, within(EPS));
            assertThat(s.isStuck(1749)).isTrue();
            assertThat(s.value(1750)).isCloseTo(-1, within(EPS));
            assertThat(s.isStuck(1750)).isFalse();
            // the next window: 3250 .. 3749
            assertThat(s.value(3500)).isCloseTo(1, within(EPS));
            assertThat(s.isAnomaly(3500)).isTrue();
            assertThat(s.isAnomaly(3000)).isFalse();
        }

        @Test
        void aStuckValueKeepsTheNoiseOfItsFirstSampleAndHidesSpikes() {
            Window stuck = new Window(5000, 1000, 0);
            Anomalies a = new Anomalies(100, 1, 0, 50, stuck, Window.NONE, 0);
            Waveform noisy = new Waveform(SignalKind.CONSTANT, 0, 0, 1, 0, 1, 3, 0.5, 0.1);
            Signal s = signal(noisy, a, Drift.NONE, 5);
            double frozen = s.regular(5000, 0, true);
            assertThat(frozen).isNotZero();
            assertThat(s.value(5000)).isEqualTo(frozen);
            assertThat(s.value(5999)).isEqualTo(frozen);
            assertThat(s.isSpike(5500)).isFalse();
            assertThat(s.isSpike(6000)).isTrue();
            assertThat(Math.abs(s.value(6000) - s.regular(6000, 0, true))).isEqualTo(50);
        }

        @Test
        void dropoutWindowsAndRandomDropouts() {
            Anomalies window = new Anomalies(100, 0, 0, 0, Window.NONE, new Window(5000, 1000, 0), 0);
            Signal s = signal(zero, window, Drift.NONE, 1);
            assertThat(s.isDropout(4999)).isFalse();
            assertThat(s.isDropout(5000)).isTrue();
            assertThat(s.isDropout(5999)).isTrue();
            assertThat(s.isAnomaly(5999)).isTrue();
            assertThat(s.isDropout(6000)).isFalse();

            Anomalies random = new Anomalies(100, 0, 0, 0, Window.NONE, Window.NONE, 0.2);
            Signal r = signal(zero, random, Drift.NONE, 1);
            int drops = 0;
            for (long slot = 0; slot < 50_000; slot++) {
                boolean d = r.isDropout(slot * 100);
                assertThat(r.isDropout(slot * 100 + 99)).isEqualTo(d);
                drops += d ? 1 : 0;
            }
            assertThat(drops / 50_000.0).isCloseTo(0.2, within(0.01));
        }
    }

    @Nested
    class ConceptDrift {

        private final Waveform sine = Waveform.of(SignalKind.SINE, 1, 0, 1);

        @Test
        void gainAndOffsetChangeAtTheStart() {
            Signal s = signal(sine, Anomalies.NONE, new Drift(10_000, 0, 2, 3, 1), 1);
            assertThat(s.value(9_250)).isCloseTo(1, within(EPS));
            assertThat(s.value(9_999)).isCloseTo(Math.sin(2 * Math.PI * 9.999), within(EPS));
            assertThat(s.value(10_000)).isCloseTo(3, within(EPS));
            assertThat(s.value(10_250)).isCloseTo(5, within(EPS));
            assertThat(s.value(10_750)).isCloseTo(1, within(EPS));
            assertThat(s.isDrifting(9_999)).isFalse();
            assertThat(s.isDrifting(10_000)).isTrue();
            assertThat(s.isAnomaly(10_250)).isFalse();
        }

        @Test
        void frequencyChangeKeepsThePhaseContinuous() {
            Signal s = signal(sine, Anomalies.NONE, new Drift(10_000, 0, 1, 0, 2), 1);
            assertThat(s.value(9_250)).isCloseTo(1, within(EPS));
            assertThat(s.value(10_000)).isCloseTo(0, within(1e-9));
            assertThat(s.value(10_125)).isCloseTo(1, within(1e-9)); // a quarter of the new 500 ms period
            assertThat(s.value(10_375)).isCloseTo(-1, within(1e-9));
            assertThat(s.value(10_500)).isCloseTo(0, within(1e-9));
        }

        @Test
        void rampedGainGrowsLinearly() {
            Signal s = signal(sine, Anomalies.NONE, new Drift(10_000, 1000, 3, 0, 1), 1);
            assertThat(s.value(10_250)).isCloseTo(1.5, within(EPS)); // progress 0.25: gain 1 + 2·0.25
            assertThat(s.value(11_250)).isCloseTo(3, within(EPS));
            assertThat(s.isDrifting(10_001)).isTrue();
        }

        @Test
        void rampedFrequencyIntegratesThePhase() {
            // factor 3 over a 1 s ramp: phase clock u = t + 2·∫progress
            Signal s = signal(sine, Anomalies.NONE, new Drift(10_000, 1000, 1, 0, 3), 1);
            assertThat(s.value(10_500)).isCloseTo(-1, within(1e-9)); // u = 10 500 + 2·125 = 10 750
            assertThat(s.value(12_000)).isCloseTo(0, within(1e-9));  // u = 12 000 + 2·1500 = 15 000
            assertThat(s.value(12_250)).isCloseTo(-1, within(1e-9)); // u = 15 750
            // after the ramp the frequency is 3 Hz: a 1 s later sample is three whole cycles on
            assertThat(s.value(13_250)).isCloseTo(-1, within(1e-9));
            assertThat(s.value(12_250 + 1000 / 12)).isCloseTo(Math.sin(2 * Math.PI * (15.75 + 3 * 83 / 1000.0)),
                    within(1e-9));
        }

        @Test
        void offsetDriftTurnsAConstantIntoAStep() {
            Signal s = signal(Waveform.of(SignalKind.CONSTANT, 0, 1, 1), Anomalies.NONE, new Drift(5000, 0, 1, 4, 1), 1);
            assertThat(s.value(4999)).isEqualTo(1);
            assertThat(s.value(5000)).isEqualTo(5);
            assertThat(s.value(5000, 10)).isEqualTo(14); // a setpoint drifts too
        }

        @Test
        void driftAppliesToTemperature() {
            Signal s = signal(Waveform.of(SignalKind.TEMPERATURE, 5, 20, 1), Anomalies.NONE,
                    new Drift(0, 0, 1, 2, 1), 1);
            assertThat(s.value(15 * HOUR)).isCloseTo(27, within(1e-9));
        }
    }

    @Test
    void slotsAreFloorDivisionsOfTheTime() {
        java.util.Random r = new java.util.Random(3);
        long[] periods = {1, 3, 7, 10, 100, 999, 1000, 86_400_000};
        for (long p : periods) {
            Signal s = signal(Waveform.of(SignalKind.CONSTANT, 0, 0, 1),
                    new Anomalies(p, 0.5, 0, 1, Window.NONE, Window.NONE, 0), Drift.NONE, 1);
            for (int i = 0; i < 20_000; i++) {
                long k = r.nextLong() % (1L << 40);
                for (long t : new long[] {k * p - 1, k * p, k * p + 1, r.nextLong() % (1L << 53), r.nextLong()}) {
                    assertThat(s.slot(t)).as("t=%d p=%d", t, p).isEqualTo(Math.floorDiv(t, p));
                }
            }
        }
    }

    @Test
    void readingAValueAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        Anomalies a = new Anomalies(100, 0.1, 7, 3, new Window(1000, 100, 5000), new Window(0, 10, 1000), 0.01);
        Drift d = new Drift(50_000, 1000, 2, 1, 1.5);
        Signal[] signals = {
            signal(wave(SignalKind.SINE, 1, 0, 5, 0, 0.1, 3, 0.5, 0.1), a, d, 1),
            signal(wave(SignalKind.VIBRATION, 1, 0, 50, 0, 0.1, 5, 0.5, 0.1), a, d, 2),
            signal(wave(SignalKind.RANDOM_WALK, 3, 0, 100, 0, 0.1, 3, 0.5, 0.2), a, d, 3),
            signal(wave(SignalKind.TEMPERATURE, 5, 20, 1, 0, 0.1, 3, 0.5, 0.1), a, d, 4),
        };
        double sink = 0;
        for (int round = 0; round < 3; round++) { // warm up, then measure
            long before = threads.getCurrentThreadAllocatedBytes();
            for (long t = 0; t < 100_000; t++) {
                for (Signal s : signals) {
                    sink += s.value(t) + (s.isAnomaly(t) ? 1 : 0);
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 2) {
                assertThat(allocated).as("bytes allocated by 400 000 samples").isLessThan(4096);
            }
        }
        assertThat(sink).isNotNaN();
    }
}
