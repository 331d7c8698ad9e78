// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * The regular part of a signal: {@code offset + amplitude · shape(t) + noise · N(0,1)}.
 *
 * @param kind the shape
 * @param amplitude the scale of the shape, not negative
 * @param offset the value the shape oscillates around
 * @param frequencyHz cycles per second (steps per second for a random walk); ignored by temperature (one cycle
 *        per day) and constant
 * @param phaseDeg phase shift of periodic shapes, degrees
 * @param noise standard deviation of the white Gaussian noise added to every sample, not negative
 * @param harmonics number of harmonics above the fundamental (vibration), 0 .. 16
 * @param dutyCycle fraction of each period at +1 (square), in [0, 1]
 * @param stepSize standard deviation of one random-walk step, in value units, not negative
 */
public record Waveform(SignalKind kind, double amplitude, double offset, double frequencyHz, double phaseDeg,
        double noise, int harmonics, double dutyCycle, double stepSize) {

    /** Most harmonics a vibration signal may have. */
    public static final int MAX_HARMONICS = 16;

    /**
     * Checks the bounds.
     *
     * @param kind see {@link #kind()}
     * @param amplitude see {@link #amplitude()}
     * @param offset see {@link #offset()}
     * @param frequencyHz see {@link #frequencyHz()}
     * @param phaseDeg see {@link #phaseDeg()}
     * @param noise see {@link #noise()}
     * @param harmonics see {@link #harmonics()}
     * @param dutyCycle see {@link #dutyCycle()}
     * @param stepSize see {@link #stepSize()}
     */
    public Waveform {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (!Double.isFinite(amplitude) || !Double.isFinite(offset) || !Double.isFinite(frequencyHz)
                || !Double.isFinite(phaseDeg) || !Double.isFinite(noise) || !Double.isFinite(stepSize)
                || amplitude < 0 || frequencyHz < 0 || noise < 0 || stepSize < 0) {
            throw new IllegalArgumentException("waveform parameters must be finite; amplitude, frequency, noise "
                    + "and step size not negative");
        }
        if (harmonics < 0 || harmonics > MAX_HARMONICS || !(dutyCycle >= 0 && dutyCycle <= 1)) {
            throw new IllegalArgumentException("harmonics must be in 0.." + MAX_HARMONICS + ", duty cycle in [0, 1]");
        }
        if (kind == SignalKind.RANDOM_WALK && amplitude == 0) {
            throw new IllegalArgumentException("a random walk needs an amplitude > 0 (it is bounded to offset ± amplitude)");
        }
    }

    /**
     * @param kind the shape
     * @param amplitude the amplitude
     * @param offset the offset
     * @param frequencyHz the frequency
     * @return a waveform with no phase shift, no noise, 3 harmonics, duty cycle 0.5 and step size 0.1
     */
    public static Waveform of(SignalKind kind, double amplitude, double offset, double frequencyHz) {
        return new Waveform(kind, amplitude, offset, frequencyHz, 0, 0, 3, 0.5, 0.1);
    }
}
