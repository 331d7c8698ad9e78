// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * A simulated signal: its value is a pure function of its {@link SignalSpec} and the sample time (epoch
 * milliseconds). Two signals built from equal specs return bit-identical values for the same time, on every
 * platform (plain IEEE arithmetic: {@link Trig}, and {@link StrictMath} for logarithms), whatever the order or the
 * thread of the calls.
 *
 * <p>The value at time {@code t}, with {@code r = drift.progress(t)} and {@code u = t + (frequencyFactor - 1) ·
 * drift.progressIntegralMs(t)} (the phase clock, equal to {@code t} without frequency drift):
 * <pre>
 *   regular(t) = offset + drift.offset·r + amplitude · (1 + (drift.gain - 1)·r) · shape(u) + noise · N(t)
 *   value(t)   = regular(stuckStart)                 if t is in a stuck window starting at stuckStart
 *              = regular(t) ± spikeMagnitude         if t's slot has a spike
 *              = regular(t)                          otherwise
 * </pre>
 * where {@code N(t)} is a standard normal number drawn from the noise stream at index {@code t}. Shapes, with
 * {@code cycles = frequencyHz · u / 1000} and {@code x = 2π·frac(cycles) + phase}:
 * <ul>
 * <li>sine: {@code sin(x)};
 * <li>square: {@code +1} while {@code frac(cycles + phaseDeg/360) < dutyCycle}, else {@code -1};
 * <li>vibration: {@code Σ_{k=1..harmonics+1} sin(k·x) / k};
 * <li>temperature: {@code -cos(x)} with {@code cycles = (u - 3 h) / 24 h}: -1 at 03:00 UTC, +1 at 15:00 UTC;
 * <li>randomWalk: {@code fold(W(floor(cycles)) · stepSize / amplitude)}, where {@code W} is a {@link RandomWalk}
 * and {@code fold} reflects the real line into [-1, 1] (so the value stays within offset ± amplitude);
 * <li>constant: {@code 0}.
 * </ul>
 *
 * <p>Thread-safe. Reading a value allocates nothing.
 */
public final class Signal {

    private static final double TWO_PI = 2 * Math.PI;
    private static final double DAY_MS = 86_400_000.0;
    private static final double TEMPERATURE_MIN_MS = 3 * 3_600_000.0;
    private static final long NOISE_STREAM = 1;
    private static final long WALK_STREAM = 2;
    private static final long SPIKE_STREAM = 3;
    private static final long SPIKE_SIGN_STREAM = 4;
    private static final long DROPOUT_STREAM = 5;

    private final SignalSpec spec;
    private final SignalKind kind;
    private final Waveform wave;
    private final Anomalies anomalies;
    private final Drift drift;
    private final double phaseRad;
    private final double phaseCycles;
    private final long noiseKey;
    private final long spikeKey;
    private final long spikeSignKey;
    private final long dropoutKey;
    private final RandomWalk walk;
    private final boolean spikes;
    private final double period;

    /** @param spec what the values depend on */
    public Signal(SignalSpec spec) {
        this.spec = spec;
        this.wave = spec.waveform();
        this.kind = wave.kind();
        this.anomalies = spec.anomalies();
        this.drift = spec.drift();
        this.phaseRad = Math.toRadians(wave.phaseDeg());
        this.phaseCycles = wave.phaseDeg() / 360.0;
        long seed = spec.seed();
        this.noiseKey = Rng.streamKey(seed, NOISE_STREAM);
        this.spikeKey = Rng.streamKey(seed, SPIKE_STREAM);
        this.spikeSignKey = Rng.streamKey(seed, SPIKE_SIGN_STREAM);
        this.dropoutKey = Rng.streamKey(seed, DROPOUT_STREAM);
        this.walk = kind == SignalKind.RANDOM_WALK ? new RandomWalk(Rng.streamKey(seed, WALK_STREAM)) : null;
        this.spikes = anomalies.spikeEveryN() > 0 || anomalies.spikeProbability() > 0;
        this.period = anomalies.samplePeriodMs();
    }

    /** @return the spec this signal was built from */
    public SignalSpec spec() {
        return spec;
    }

    /**
     * @param t sample time, epoch ms
     * @return the value at {@code t}, anomalies included (a dropout is not a value: see {@link #isDropout(long)})
     */
    public double value(long t) {
        return value(t, wave.offset());
    }

    /**
     * @param t sample time, epoch ms
     * @param offset the offset to use instead of the spec's (a written setpoint)
     * @return the value at {@code t}, anomalies included
     */
    public double value(long t, double offset) {
        Window stuck = anomalies.stuck();
        if (stuck.contains(t)) {
            return regular(stuck.startOf(t), offset, true);
        }
        double v = regular(t, offset, true);
        if (!spikes) {
            return v;
        }
        long slot = slot(t);
        if (spikeInSlot(slot)) {
            v += (Rng.hash(spikeSignKey, slot) & 1L) == 0 ? anomalies.spikeMagnitude() : -anomalies.spikeMagnitude();
        }
        return v;
    }

    /**
     * @param t sample time, epoch ms
     * @param offset the offset
     * @param withNoise whether to add the white noise
     * @return the value without anomalies, drift included
     */
    public double regular(long t, double offset, boolean withNoise) {
        double r = drift.progress(t);
        double level = r == 0 ? offset : offset + drift.offset() * r;
        double gain = r == 0 ? 1 : 1 + (drift.gain() - 1) * r;
        double v = level;
        if (kind != SignalKind.CONSTANT && wave.amplitude() != 0) {
            v += wave.amplitude() * gain * shape(phaseClock(t));
        }
        if (withNoise && wave.noise() != 0) {
            v += wave.noise() * Rng.gaussian(noiseKey, t);
        }
        return v;
    }

    private double phaseClock(long t) {
        double factor = drift.frequencyFactor();
        return factor == 1 ? t : t + (factor - 1) * drift.progressIntegralMs(t);
    }

    private double shape(double u) {
        switch (kind) {
            case SINE:
                return Trig.sin(TWO_PI * frac(wave.frequencyHz() * u / 1000) + phaseRad);
            case SQUARE:
                return frac(wave.frequencyHz() * u / 1000 + phaseCycles) < wave.dutyCycle() ? 1 : -1;
            case VIBRATION:
                return harmonicSum(TWO_PI * frac(wave.frequencyHz() * u / 1000) + phaseRad, wave.harmonics());
            case TEMPERATURE:
                return -Trig.cos(TWO_PI * frac((u - TEMPERATURE_MIN_MS) / DAY_MS) + phaseRad);
            case RANDOM_WALK:
                long step = (long) Math.floor(wave.frequencyHz() * u / 1000);
                return fold(walk.at(step) * wave.stepSize() / wave.amplitude());
            default:
                return 0;
        }
    }

    /** {@code Σ_{k=1..harmonics+1} sin(k·x)/k}, with sin(k·x) from the angle-addition recurrence (two trig calls). */
    static double harmonicSum(double x, int harmonics) {
        double s1 = Trig.sin(x);
        double c1 = Trig.cos(x);
        double sum = s1;
        double sk = s1;
        double ck = c1;
        for (int k = 2; k <= harmonics + 1; k++) {
            double next = sk * c1 + ck * s1;
            ck = ck * c1 - sk * s1;
            sk = next;
            sum += sk / k;
        }
        return sum;
    }

    /** Reflects the real line into [-1, 1]: identity on [-1, 1], mirrored at ±1, period 4. */
    static double fold(double x) {
        double y = x + 1;
        y -= 4 * Math.floor(y / 4);
        return y <= 2 ? y - 1 : 3 - y;
    }

    private static double frac(double c) {
        return c - Math.floor(c);
    }

    /**
     * The slot of a time: {@code floorDiv(t, samplePeriodMs)}. A double division gives the same result exactly for
     * {@code |t| < 2^53} (a non-integer quotient is at least {@code 1/period} from the next integer, more than its
     * rounding error) and costs a fraction of a 64-bit integer division.
     */
    long slot(long t) {
        return Math.abs(t) < (1L << 53) ? (long) Math.floor(t / period) : Math.floorDiv(t, anomalies.samplePeriodMs());
    }

    private boolean spikeInSlot(long slot) {
        int every = anomalies.spikeEveryN();
        if (every > 0 && Math.floorMod(slot, every) == 0) {
            return true;
        }
        double p = anomalies.spikeProbability();
        return p > 0 && Rng.uniform(spikeKey, slot) < p;
    }

    /**
     * @param t sample time, epoch ms
     * @return whether {@code t}'s slot has a spike that shows (a stuck value hides spikes)
     */
    public boolean isSpike(long t) {
        return spikes && !isStuck(t) && spikeInSlot(slot(t));
    }

    /**
     * @param t sample time, epoch ms
     * @return whether the value is frozen at {@code t}
     */
    public boolean isStuck(long t) {
        return anomalies.stuck().contains(t);
    }

    /**
     * @param t sample time, epoch ms
     * @return whether no value can be read at {@code t} (a dropout window, or a random dropout of its slot)
     */
    public boolean isDropout(long t) {
        if (anomalies.dropout().contains(t)) {
            return true;
        }
        double p = anomalies.dropoutProbability();
        return p > 0 && Rng.uniform(dropoutKey, slot(t)) < p;
    }

    /**
     * The anomaly ground truth.
     *
     * @param t sample time, epoch ms
     * @return whether an anomaly (dropout, stuck value or spike) is injected at {@code t}
     */
    public boolean isAnomaly(long t) {
        return isDropout(t) || isStuck(t) || isSpike(t);
    }

    /**
     * The drift ground truth.
     *
     * @param t sample time, epoch ms
     * @return whether the drift has begun at {@code t} (also during the ramp)
     */
    public boolean isDrifting(long t) {
        return t >= drift.startMs();
    }
}
