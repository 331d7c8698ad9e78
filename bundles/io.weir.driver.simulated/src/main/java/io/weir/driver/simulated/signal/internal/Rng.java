// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * Counter-based pseudo-random numbers: every number is a pure function of a key and an index, so a value can be
 * recomputed for any sample without replaying a generator, from any thread, in any order.
 *
 * <p>The mixing function is the SplitMix64 finaliser (Steele, Lea and Flood, "Fast splittable pseudorandom
 * number generators", 2014): {@code hash(key, i)} is the {@code i}-th output of a SplitMix64 generator whose
 * state starts at {@code key}. Gaussian numbers come from the inverse normal distribution function, computed
 * with P. J. Acklam's rational approximation (relative error below 1.15e-9), so one uniform number gives one
 * Gaussian number and no state is carried between calls. {@link StrictMath} is used so that the same seed gives
 * the same bits on every platform.
 *
 * <p>Stateless; thread-safe.
 */
public final class Rng {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double LOW_TAIL = 0.02425;
    private static final double HIGH_TAIL = 1 - LOW_TAIL;

    // Acklam's coefficients: central region (a/b) and tails (c/d)
    private static final double A1 = -3.969683028665376e+01;
    private static final double A2 = 2.209460984245205e+02;
    private static final double A3 = -2.759285104469687e+02;
    private static final double A4 = 1.383577518672690e+02;
    private static final double A5 = -3.066479806614716e+01;
    private static final double A6 = 2.506628277459239e+00;
    private static final double B1 = -5.447609879822406e+01;
    private static final double B2 = 1.615858368580409e+02;
    private static final double B3 = -1.556989798598866e+02;
    private static final double B4 = 6.680131188771972e+01;
    private static final double B5 = -1.328068155288572e+01;
    private static final double C1 = -7.784894002430293e-03;
    private static final double C2 = -3.223964580411365e-01;
    private static final double C3 = -2.400758277161838e+00;
    private static final double C4 = -2.549732539343734e+00;
    private static final double C5 = 4.374664141464968e+00;
    private static final double C6 = 2.938163982698783e+00;
    private static final double D1 = 7.784695709041462e-03;
    private static final double D2 = 3.224671290700398e-01;
    private static final double D3 = 2.445134137142996e+00;
    private static final double D4 = 3.754408661907416e+00;

    private Rng() {
    }

    /**
     * @param z any value
     * @return the SplitMix64 finaliser of {@code z}: a bijection that spreads every input bit over the output
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Derives the key of one independent random stream of a seed, so that for example the noise and the spikes
     * of one channel are not correlated.
     *
     * @param seed the channel seed
     * @param stream a constant naming the stream
     * @return the stream key
     */
    public static long streamKey(long seed, long stream) {
        return mix(seed ^ mix(stream * GOLDEN_GAMMA));
    }

    /**
     * @param key a stream key
     * @param index the position in the stream
     * @return 64 random bits
     */
    public static long hash(long key, long index) {
        return mix(key + index * GOLDEN_GAMMA);
    }

    /**
     * @param key a stream key
     * @param index the position in the stream
     * @return a uniform number in the open interval (0, 1), never 0 or 1
     */
    public static double uniform(long key, long index) {
        return ((hash(key, index) >>> 11) + 0.5) * 0x1.0p-53;
    }

    /**
     * @param key a stream key
     * @param index the position in the stream
     * @return a standard normal number (mean 0, standard deviation 1)
     */
    public static double gaussian(long key, long index) {
        return inverseNormal(uniform(key, index));
    }

    /**
     * The inverse of the standard normal distribution function (Acklam's approximation).
     *
     * @param p a probability in (0, 1)
     * @return the {@code x} with {@code P(Z <= x) = p} for a standard normal {@code Z}
     */
    public static double inverseNormal(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1): " + p);
        }
        if (p < LOW_TAIL) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            return (((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                    / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        if (p > HIGH_TAIL) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(1 - p));
            return -(((((C1 * q + C2) * q + C3) * q + C4) * q + C5) * q + C6)
                    / ((((D1 * q + D2) * q + D3) * q + D4) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((A1 * r + A2) * r + A3) * r + A4) * r + A5) * r + A6) * q
                / (((((B1 * r + B2) * r + B3) * r + B4) * r + B5) * r + 1);
    }

    /**
     * @param text any text
     * @return its 64-bit FNV-1a hash over the UTF-16 code units
     */
    public static long fnv1a64(CharSequence text) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    /**
     * The seed of a channel that does not set one: a hash of the driver seed and the channel name, so every
     * channel of a driver gets its own random streams, and the same names give the same streams in every run.
     *
     * @param driverSeed the driver instance's seed
     * @param channelName the channel name
     * @return the channel seed
     */
    public static long deriveSeed(long driverSeed, String channelName) {
        return mix(driverSeed ^ mix(fnv1a64(channelName)));
    }
}
