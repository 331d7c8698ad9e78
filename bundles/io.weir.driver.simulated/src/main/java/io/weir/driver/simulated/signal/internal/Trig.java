// SPDX-License-Identifier: Apache-2.0
package io.weir.driver.simulated.signal.internal;

/**
 * Sine and cosine in plain IEEE 754 arithmetic, so that they give the same bits on every JVM and CPU (Java 17
 * floating point is always strict), without the cost of {@link StrictMath}'s native call (about 100 ns on JDK 17).
 *
 * <p>The argument is reduced to {@code r ∈ [-π/4, π/4]} with {@code x = r + q·π/2} (Cody-Waite, π/2 in two parts of
 * which the first has 33 significant bits, so {@code q·PIO2_1} is exact for {@code |q| < 2^20}); then the Taylor
 * polynomials of degree 15 (sine) and 16 (cosine) are evaluated, whose truncation error on [-π/4, π/4] is below
 * 5e-17. The absolute error is a few units in 1e-16 for {@code |x| < 10^5}, plenty for signals whose arguments
 * are reduced to one period first. Stateless; thread-safe.
 */
final class Trig {

    private static final double TWO_OVER_PI = 0.63661977236758134308;
    /** The first 33 bits of π/2. */
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    /** π/2 - PIO2_1. */
    private static final double PIO2_1T = 6.07710050650619224932e-11;

    private static final double S3 = -1.0 / 6;
    private static final double S5 = 1.0 / 120;
    private static final double S7 = -1.0 / 5040;
    private static final double S9 = 1.0 / 362880;
    private static final double S11 = -1.0 / 39916800;
    private static final double S13 = 1.0 / 6227020800.0;
    private static final double S15 = -1.0 / 1307674368000.0;
    private static final double C2 = -1.0 / 2;
    private static final double C4 = 1.0 / 24;
    private static final double C6 = -1.0 / 720;
    private static final double C8 = 1.0 / 40320;
    private static final double C10 = -1.0 / 3628800;
    private static final double C12 = 1.0 / 479001600;
    private static final double C14 = -1.0 / 87178291200.0;
    private static final double C16 = 1.0 / 20922789888000.0;

    private Trig() {
    }

    /**
     * @param x an angle in radians, {@code |x| < 10^5} for full accuracy
     * @return its sine
     */
    static double sin(double x) {
        long q = (long) Math.rint(x * TWO_OVER_PI);
        return quadrant(q, (x - q * PIO2_1) - q * PIO2_1T);
    }

    /**
     * @param x an angle in radians, {@code |x| < 10^5} for full accuracy
     * @return its cosine
     */
    static double cos(double x) {
        long q = (long) Math.rint(x * TWO_OVER_PI);
        return quadrant(q + 1, (x - q * PIO2_1) - q * PIO2_1T);
    }

    /** sin(r + q·π/2) for r in [-π/4, π/4]. */
    private static double quadrant(long q, double r) {
        switch ((int) (q & 3)) {
            case 0:
                return sinPoly(r);
            case 1:
                return cosPoly(r);
            case 2:
                return -sinPoly(r);
            default:
                return -cosPoly(r);
        }
    }

    private static double sinPoly(double r) {
        double z = r * r;
        return r + r * z * (S3 + z * (S5 + z * (S7 + z * (S9 + z * (S11 + z * (S13 + z * S15))))));
    }

    private static double cosPoly(double r) {
        double z = r * r;
        return 1 + z * (C2 + z * (C4 + z * (C6 + z * (C8 + z * (C10 + z * (C12 + z * (C14 + z * C16)))))));
    }
}
